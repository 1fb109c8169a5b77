using MassTransit;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>
/// Answers 503 problem+json, with Retry-After, when a request could not get through the message bus (the broker
/// is down or did not answer in time), instead of a bare 500. The request may or may not have been applied; a
/// retry with the same <c>eventId</c> is recognised, so retrying is always safe.
/// </summary>
public sealed partial class BusUnavailable(IProblemDetailsService problems, ILogger<BusUnavailable> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!IsBusFailure(exception))
        {
            return false;
        }

        LogBusUnavailable(logger, exception.GetType().Name);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The message bus is unavailable.",
                Detail = "The review could not be reached through the message bus, so it is not known whether the request was applied. "
                         + "Retry with the same eventId: a repeat is recognised and applied at most once.",
            },
        }).ConfigureAwait(false);
    }

    private static bool IsBusFailure(Exception? exception) =>
        exception is not null
        && (exception is RequestTimeoutException or ConnectionException or MessageNotAcknowledgedException or MessageReturnedException
            || IsBusFailure(exception.InnerException));

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "A request could not get through the message bus ({Error}); answered 503.")]
    private static partial void LogBusUnavailable(ILogger logger, string error);
}
