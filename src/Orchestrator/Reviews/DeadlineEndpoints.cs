using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Hosting;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Reviews;

/// <summary><c>GET /api/deadlines</c>: the ledger across reviews, answered from its (status, due date) indexes.</summary>
public static class DeadlineEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapDeadlineEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deadlines", List).WithTags("Deadlines").RequireAuthorization(SecurityPolicies.Read)
            .WithSummary("Deadlines by status, partnership and due date (dueBefore/dueAfter YYYY-MM-DD, or withinWorkingDays of today), soonest first");
        return app;
    }

    internal static async Task<Results<Ok<Paged<DeadlineView>>, ProblemHttpResult>> List(
        HttpContext http, ReviewsDbContext database, WorkingDayCalendar calendar, ProfileCatalogue profiles, TimeProvider time,
        string? status, string? partnership, string? dueBefore, string? dueAfter, int? withinWorkingDays, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DeadlineStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<DeadlineStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                wanted = parsed;
            }
            else
            {
                errors["status"] = ["must be open, met, missed or cancelled."];
            }
        }

        if (!string.IsNullOrWhiteSpace(partnership) && profiles.Find(partnership) is null)
        {
            errors["partnership"] = ["is not a partnership with a loaded procedure profile."];
        }

        var before = Date("dueBefore", dueBefore);
        var after = Date("dueAfter", dueAfter);
        if (withinWorkingDays is { } within)
        {
            if (within is < 0 or > 500)
            {
                errors["withinWorkingDays"] = ["must be between 0 and 500."];
            }
            else
            {
                var limit = calendar.AddWorkingDays(LondonTime.DateAt(time.GetUtcNow()), within);
                before = before is { } b && b < limit ? b : limit;
            }
        }

        var (number, size, problem) = ReviewEndpoints.Paging(page, pageSize);
        if (problem is not null)
        {
            return problem;
        }

        if (errors.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The deadline query is malformed.",
            });
        }

        var query = database.Deadlines.AsNoTracking();
        if (http.User.Partnerships() is { } allowed)
        {
            query = query.Where(d => allowed.Contains(d.Partnership));
        }

        if (wanted is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(partnership))
        {
            query = query.Where(d => d.Partnership == partnership);
        }

        if (before is { } due)
        {
            query = query.Where(d => d.DueOn <= due);
        }

        if (after is { } from)
        {
            query = query.Where(d => d.DueOn >= from);
        }

        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await query.OrderBy(d => d.DueOn).ThenBy(d => d.Id).Skip((number - 1) * size).Take(size)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new Paged<DeadlineView>([.. rows.Select(DeadlineView.Of)], number, size, total));

        DateOnly? Date(string field, string? text)
        {
            return QueryDate.Parse(text, field, errors, required: false);
        }
    }
}
