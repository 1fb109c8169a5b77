using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Dashboard;

/// <summary>A deadline that is still owed: open, or missed and not yet met.</summary>
public sealed record OutstandingDeadline(
    Guid ReviewId, string Partnership, ReviewRoute Route, string State, string Rule, string Name, DateOnly DueOn, DeadlineStatus Status);

/// <summary>One line of the risk board: a review and the next deadline it owes.</summary>
/// <param name="WorkingDaysLeft">Working days from today to the due date: 0 when due today, negative when missed (how many working days overdue).</param>
/// <param name="Missed">The due date has passed (whether or not the pump has fired the breach yet).</param>
/// <param name="MissedCount">How many of the review's outstanding deadlines are missed.</param>
public sealed record RiskLine(
    Guid ReviewId, string Partnership, ReviewRoute Route, string State, string Rule, string Name, DateOnly DueOn,
    int WorkingDaysLeft, bool Missed, int MissedCount, int Outstanding);

/// <summary>
/// The statutory risk board: every review that still owes a deadline, ranked by the working days left to its
/// next one (the earliest outstanding), missed ones on top, the longest overdue first.
/// </summary>
public static class RiskBoard
{
    /// <summary>Ranks the outstanding deadlines by review as of <paramref name="today"/> (a London date).</summary>
    public static IReadOnlyList<RiskLine> Rank(IEnumerable<OutstandingDeadline> deadlines, DateOnly today, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(deadlines);
        ArgumentNullException.ThrowIfNull(calendar);
        return [.. deadlines
            .GroupBy(d => d.ReviewId)
            .Select(review =>
            {
                var owed = review.OrderBy(d => d.DueOn).ThenBy(d => d.Rule, StringComparer.Ordinal).ToList();
                var next = owed[0];
                var missed = owed.Count(d => IsMissed(d, today));
                return new RiskLine(next.ReviewId, next.Partnership, next.Route, next.State, next.Rule, next.Name, next.DueOn,
                    calendar.WorkingDaysBetween(today, next.DueOn), IsMissed(next, today), missed, owed.Count);
            })
            .OrderByDescending(line => line.Missed)
            .ThenBy(line => line.WorkingDaysLeft)
            .ThenBy(line => line.DueOn)
            .ThenByDescending(line => line.MissedCount)
            .ThenBy(line => line.ReviewId)];
    }

    /// <summary>The outstanding deadlines of reviews that are not closed, from the ledger's (status, due) index.</summary>
    public static async Task<IReadOnlyList<OutstandingDeadline>> Outstanding(ReviewsDbContext database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return await database.Deadlines.AsNoTracking()
            .Where(d => d.Status == DeadlineStatus.Open || (d.Status == DeadlineStatus.Missed && d.MetOn == null))
            .Join(database.Reviews.AsNoTracking().IgnoreAutoIncludes().Where(r => r.CurrentState != "Closed"),
                d => d.ReviewId, r => r.CorrelationId,
                (d, r) => new OutstandingDeadline(d.ReviewId, r.Partnership, r.Route, r.CurrentState, d.Rule, d.Name, d.DueOn, d.Status))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool IsMissed(OutstandingDeadline deadline, DateOnly today) =>
        deadline.Status == DeadlineStatus.Missed || deadline.DueOn < today;
}
