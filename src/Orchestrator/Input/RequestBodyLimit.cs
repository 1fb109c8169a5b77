using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orchestration.Infrastructure;

namespace Orchestration.Orchestrator.Input;

/// <summary>
/// Holds every request body to its endpoint's limit before anything reads it: <see cref="InputLimitsOptions.MaxBodyBytes"/>,
/// or <see cref="DocumentStoreOptions.MaxBytes"/> for an endpoint marked with <see cref="DocumentBody"/>. A declared length
/// over the limit is answered 413 at once; a body that turns out longer (chunked) is cut off by the server, whose
/// refusal <see cref="BadRequestProblem"/> answers as 413.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<InputLimitsOptions> input, IOptions<DocumentStoreOptions> documents)
{
    /// <summary>Marks an endpoint whose body is a report document, held to <c>Documents:MaxBytes</c>.</summary>
    public sealed class DocumentBody;

    /// <summary>Applies the limit.</summary>
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var document = http.GetEndpoint()?.Metadata.GetMetadata<DocumentBody>() is not null;
        var limit = document ? documents.Value.MaxBytes : input.Value.MaxBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = TooLarge(limit, document ? "Documents:MaxBytes" : "Input:MaxBodyBytes"),
            }).ConfigureAwait(false);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        await next(http).ConfigureAwait(false);
    }

    /// <summary>The problem for a body over its limit.</summary>
    public static ProblemDetails TooLarge(long limit, string setting) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "The request body is too large.",
        Detail = $"Nothing was changed: this endpoint takes at most {limit} bytes ({setting}).",
    };
}
