using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Orchestration.Orchestrator.Input;

/// <summary>
/// Answers the server's and the minimal API's own refusals of a request (<see cref="BadHttpRequestException"/>: a body over
/// its limit, a parameter that does not bind, a JSON body that does not read as its type) as problem+json with their
/// status, naming the parameter or field and never repeating its value; without it they would be a bare 500.
/// </summary>
public sealed partial class BadRequestProblem(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException refused || httpContext.Response.HasStarted)
        {
            return false;
        }

        ProblemDetails problem = refused.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large.",
                Detail = "Nothing was changed: the body is longer than this endpoint takes (Input:MaxBodyBytes, or Documents:MaxBytes for a document).",
            },
            StatusCodes.Status415UnsupportedMediaType => new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "JSON expected",
                Detail = "Send the body as application/json.",
            },
            _ => new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [Field(refused)] = ["is missing, malformed or of the wrong type."],
            })
            {
                Status = refused.StatusCode is >= 400 and < 500 ? refused.StatusCode : StatusCodes.Status400BadRequest,
                Title = "The request is malformed.",
                Detail = "Nothing was changed. Each field below needs attention.",
            },
        };
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem })
            .ConfigureAwait(false);
    }

    private static string Field(BadHttpRequestException refused)
    {
        if (refused.InnerException is JsonException { Path: { Length: > 1 } path })
        {
            return path.TrimStart('$', '.');
        }

        return ParameterName().Match(refused.Message) is { Success: true } match ? match.Groups["name"].Value : "request";
    }

    // The minimal API's messages: 'Failed to bind parameter "int? page" from "...".', 'Required parameter "string name" was not provided ...'.
    [GeneratedRegex("parameter \"(?:[^\" ]+ )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ParameterName();
}
