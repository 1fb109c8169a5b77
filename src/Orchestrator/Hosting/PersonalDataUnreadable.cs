using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orchestration.Infrastructure.PersonalData;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>
/// Answers 500 problem+json saying plainly that a personal field could not be decrypted (the key ring is missing or not
/// the one the data was written with), instead of an anonymous 500. Logged as an error naming the key ring only.
/// </summary>
public sealed partial class PersonalDataUnreadable(IProblemDetailsService problems, ILogger<PersonalDataUnreadable> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (Find(exception) is not { } unreadable)
        {
            return false;
        }

        LogUnreadable(logger, unreadable.Message);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Personal data could not be decrypted.",
                Detail = "The service's Data Protection key ring does not hold the key this record was encrypted with. "
                         + "An operator must restore the key ring that was backed up with the database (DataProtection:KeysPath).",
            },
        }).ConfigureAwait(false);
    }

    private static PersonalDataUnreadableException? Find(Exception? exception) =>
        exception switch
        {
            null => null,
            PersonalDataUnreadableException unreadable => unreadable,
            _ => Find(exception.InnerException),
        };

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "{Problem}")]
    private static partial void LogUnreadable(ILogger logger, string problem);
}
