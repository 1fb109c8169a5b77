using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Security;

/// <summary><c>GET /api/admin/access-log</c>: who read which review's record, and when (administrators of every partnership).</summary>
public static class AccessLogEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapAccessLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/access-log", List).WithTags("Security").RequireAuthorization(SecurityPolicies.Administer)
            .WithSummary("Reads of reviews' records and referrals, newest first; reviewId= for one review");
        return app;
    }

    internal static async Task<Results<Ok<Paged<AccessLogView>>, ProblemHttpResult>> List(
        ReviewsDbContext database, Guid? reviewId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var (number, size, problem) = ReviewEndpoints.Paging(page, pageSize);
        if (problem is not null)
        {
            return problem;
        }

        var query = database.AccessLog.AsNoTracking();
        if (reviewId is { } id)
        {
            query = query.Where(e => e.ReviewId == id);
        }

        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await query.OrderByDescending(e => e.Id).Skip((number - 1) * size).Take(size)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new Paged<AccessLogView>([.. rows.Select(AccessLogView.Of)], number, size, total));
    }
}

/// <summary>One access log entry as the API shows it.</summary>
public sealed record AccessLogView(DateTimeOffset At, string Caller, string AuthenticatedBy, string Partnership, Guid ReviewId, string What)
{
    /// <summary>Builds the view.</summary>
    public static AccessLogView Of(AccessLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AccessLogView(entry.At, entry.Caller, entry.AuthenticatedBy, entry.Partnership, entry.ReviewId, entry.What);
    }
}
