using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Retention;

/// <summary>
/// <c>POST /api/admin/reviews/{id}/personal-data/erasure</c>: an administrator erases one review's personal data on
/// request (right to erasure) before its retention period ends; the review records it on its timeline.
/// </summary>
public static class ErasureEndpoints
{
    /// <summary>Maps the endpoint; it needs the Administrator role for every partnership, like the other administration.</summary>
    public static IEndpointRouteBuilder MapErasureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/reviews/{id:guid}/personal-data/erasure", Erase).WithTags("Security").RequireAuthorization(SecurityPolicies.Administer)
            .WithSummary("Erase one review's personal data now (the referral, addresses, names, free-text reasons); the statutory record stays");
        return app;
    }

    internal static async Task<Results<Ok<ErasureView>, ProblemHttpResult>> Erase(
        Guid id, HttpContext http, ReviewsDbContext database, TimeProvider time)
    {
        var exists = await database.Reviews.AsNoTracking().IgnoreAutoIncludes().AnyAsync(r => r.CorrelationId == id, http.RequestAborted).ConfigureAwait(false);
        if (!exists)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such review", detail: $"There is no review {id}.");
        }

        var today = LondonTime.DateAt(time.GetUtcNow());
        var answer = await ReviewEndpoints.SendToReview(http.RequestServices,
            new PersonalDataErased(id, today, "request", http.User.Name()), null, http.RequestAborted).ConfigureAwait(false);
        if (answer.Rejected is { } rejected)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The review did not accept the erasure.",
                detail: $"Rejected because {rejected.Reason}. The rejection is recorded in the review's timeline.");
        }

        return TypedResults.Ok(new ErasureView(id, today, answer.Applied!.State));
    }
}

/// <summary>The answer to an erasure: the review, the day its personal data was erased, and its (unchanged) state.</summary>
public sealed record ErasureView(Guid ReviewId, DateOnly ErasedOn, string State);
