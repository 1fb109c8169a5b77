using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Compliance;

/// <summary><c>GET /api/reviews/{id}/compliance</c>: the review's statutory checklist as it stands today.</summary>
public static class ComplianceEndpoints
{
    public static IEndpointRouteBuilder MapComplianceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reviews/{id:guid}/compliance", Checklist)
            .WithTags("Reviews")
            .RequireAuthorization(SecurityPolicies.Read)
            .WithSummary("The review's statutory checklist: each rule with its due date, actual date and met / missed / pending / not applicable");
        return app;
    }

    internal static async Task<Results<Ok<ComplianceView>, ProblemHttpResult>> Checklist(
        Guid id, HttpContext http, ReviewsDbContext database, ProfileCatalogue profiles, WorkingDayCalendar calendar, TimeProvider time, CancellationToken cancellationToken)
    {
        var review = await database.Reviews.AsNoTracking().SingleOrDefaultAsync(r => r.CorrelationId == id, cancellationToken).ConfigureAwait(false);
        if (review is null || !http.User.MaySee(review.Partnership) || profiles.Find(review.Partnership) is not { } profile)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such review", detail: $"There is no review {id}.");
        }

        var today = LondonTime.DateAt(time.GetUtcNow());
        var items = ComplianceChecklist.For(review, profile, calendar, today);
        return TypedResults.Ok(new ComplianceView(review.CorrelationId, review.Partnership, review.CurrentState, today, items, ComplianceChecklist.Count(items)));
    }
}

/// <summary>A review's checklist as the API shows it (no personal data: rules, dates and verdicts).</summary>
public sealed record ComplianceView(
    Guid ReviewId, string Partnership, string State, DateOnly AsOf, IReadOnlyList<ComplianceItem> Items, IReadOnlyDictionary<ComplianceStatus, int> Totals);
