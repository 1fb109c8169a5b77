using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Calendar;

/// <summary>
/// Plans and applies a change of bank holidays. Planning counts every open deadline again on the new list and lists
/// those whose dates move (a dry run stops there and changes nothing). Applying stores the new list, and in the same
/// transaction owes each affected review a <see cref="BankHolidaysChanged"/> through the outbox (exactly once, and
/// surviving a crash); each review then moves its own deadlines through its saga, so its timeline chain and its
/// version stay whole. Met and missed deadlines, and those already past due, never move.
/// </summary>
public sealed class CalendarChanges(
    ReviewsDbContext database, WorkingDayCalendar calendar, CalendarRevisions revisions, ProfileCatalogue profiles, TimeProvider time)
{
    /// <summary>What a change would do (or did).</summary>
    public async Task<CalendarChangePlan> Plan(BankHolidayChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await revisions.Refresh(database, cancellationToken).ConfigureAwait(false);
        var today = LondonTime.DateAt(time.GetUtcNow());
        var candidate = new WorkingDayCalendar(change.Holidays, "proposed calendar");
        var open = await database.Deadlines.AsNoTracking()
            .Where(d => d.Status == DeadlineStatus.Open && d.MissedFiredAt == null && d.MetOn == null && d.DueOn >= today)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var moves = new List<DeadlineMove>();
        foreach (var deadline in open.Where(d => ReviewProcedure.IsRecountable(d, today)))
        {
            if (profiles.Find(deadline.Partnership) is not { } profile
                || ReviewProcedure.Recount(deadline, profile, candidate) is not { } counted
                || (counted.DueOn == deadline.DueOn && counted.OpensOn == deadline.OpensOn))
            {
                continue;
            }

            moves.Add(new DeadlineMove(deadline.ReviewId, deadline.Partnership, deadline.Id, deadline.Rule, deadline.Name,
                deadline.DueOn, counted.DueOn, deadline.OpensOn, counted.OpensOn));
        }

        moves.Sort((a, b) => (a.Partnership, a.ReviewId, a.DueBefore, a.Rule).CompareTo((b.Partnership, b.ReviewId, b.DueBefore, b.Rule)));
        return new CalendarChangePlan(
            null, calendar.Revision, today,
            [.. change.Added.Select(h => new ChangedDay(h.Date, h.Title))],
            [.. change.Removed.Select(h => new ChangedDay(h.Date, h.Title))],
            moves.Select(m => m.ReviewId).Distinct().Count(),
            moves);
    }

    /// <summary>
    /// Applies the change: stores it, owes each affected review its recount, then puts the new list in force here
    /// (other instances pick it up from the database). Throws <see cref="DbUpdateException"/> when another change
    /// was stored from the same calendar meanwhile.
    /// </summary>
    public async Task<CalendarChangePlan> Apply(BankHolidayChange change, string reason, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var plan = await Plan(change, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var record = new CalendarChangeRecord
        {
            BasedOnRevision = plan.BasedOnRevision,
            AppliedAt = now,
            AppliedOn = plan.AppliedOn,
            Reason = reason,
            Source = source,
            Added = System.Text.Json.JsonSerializer.Serialize(plan.Added, CalendarRevisions.Json),
            Removed = System.Text.Json.JsonSerializer.Serialize(plan.Removed, CalendarRevisions.Json),
            Holidays = CalendarRevisions.WriteHolidays(change.Holidays),
            ReviewsAffected = plan.ReviewsAffected,
            DeadlinesMoved = plan.Deadlines.Count,
        };
        var transaction = await database.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            database.CalendarChanges.Add(record);
            await database.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            var added = plan.Added.Select(d => d.Date).ToList();
            var removed = plan.Removed.Select(d => d.Date).ToList();
            foreach (var reviewId in plan.Deadlines.Select(m => m.ReviewId).Distinct())
            {
                database.Outbox.Add(OutboxMessage.For(
                    new BankHolidaysChanged(reviewId, plan.AppliedOn, record.Sequence, reason, added, removed, EventIdFor(record.Sequence, reviewId)),
                    reviewId, now));
            }

            await database.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        calendar.Replace(change.Holidays, $"calendar change {record.Sequence}", record.Sequence);
        return plan with { Revision = record.Sequence };
    }

    /// <summary>The stored changes, newest first, without their full lists.</summary>
    public async Task<IReadOnlyList<CalendarChangeSummary>> History(CancellationToken cancellationToken) =>
        (await database.CalendarChanges.AsNoTracking().OrderByDescending(c => c.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false))
        .ConvertAll(c => new CalendarChangeSummary(
            c.Sequence, c.AppliedAt, c.AppliedOn, c.Reason, c.Source,
            System.Text.Json.JsonSerializer.Deserialize<List<ChangedDay>>(c.Added, CalendarRevisions.Json) ?? [],
            System.Text.Json.JsonSerializer.Deserialize<List<ChangedDay>>(c.Removed, CalendarRevisions.Json) ?? [],
            c.ReviewsAffected, c.DeadlinesMoved));

    /// <summary>The event id of one review's recount for one change: the same however often it is sent.</summary>
    public static Guid EventIdFor(long revision, Guid reviewId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"calendar:{revision}:{reviewId:N}")).AsSpan(0, 16));
}

/// <summary>What a calendar change moves.</summary>
/// <param name="Revision">The stored change's number; null for a dry run.</param>
/// <param name="BasedOnRevision">The calendar revision it was planned on (0: the data loaded at start).</param>
/// <param name="AppliedOn">Today (London): deadlines due before it are not moved.</param>
/// <param name="Added">Bank holidays added.</param>
/// <param name="Removed">Bank holidays removed.</param>
/// <param name="ReviewsAffected">How many reviews have a deadline that moves.</param>
/// <param name="Deadlines">Each deadline that moves, with its dates before and after.</param>
public sealed record CalendarChangePlan(
    long? Revision, long BasedOnRevision, DateOnly AppliedOn, IReadOnlyList<ChangedDay> Added, IReadOnlyList<ChangedDay> Removed,
    int ReviewsAffected, IReadOnlyList<DeadlineMove> Deadlines);

/// <summary>A bank holiday added or removed.</summary>
public sealed record ChangedDay(DateOnly Date, string Title);

/// <summary>One open deadline a change moves (no personal data: ids, rule and dates only).</summary>
public sealed record DeadlineMove(
    Guid ReviewId, string Partnership, Guid DeadlineId, string Rule, string Name,
    DateOnly DueBefore, DateOnly DueAfter, DateOnly? OpensBefore, DateOnly? OpensAfter);

/// <summary>A stored change, as the history lists it.</summary>
public sealed record CalendarChangeSummary(
    long Revision, DateTimeOffset AppliedAt, DateOnly AppliedOn, string Reason, string Source,
    IReadOnlyList<ChangedDay> Added, IReadOnlyList<ChangedDay> Removed, int ReviewsAffected, int DeadlinesMoved);
