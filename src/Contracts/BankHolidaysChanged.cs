namespace Orchestration.Contracts;

/// <summary>
/// The bank holidays in England and Wales changed (a newer GOV.UK file, or a one-off day added or removed), and
/// the review has open deadlines the change moves: the review counts them again on the calendar in force, records
/// the old and new dates on its timeline and tells the business unit. Met and missed deadlines do not move.
/// Sent by the orchestrator itself through its outbox, once per review and change.
/// </summary>
/// <param name="OccurredOn">The business date the change was applied (London).</param>
/// <param name="CalendarRevision">The stored calendar change (its sequence number) the review must count with, or a newer one.</param>
/// <param name="Reason">Why the calendar changed, as the operator gave it (e.g. "State funeral announced").</param>
/// <param name="AddedDays">The bank holidays the change added.</param>
/// <param name="RemovedDays">The bank holidays the change removed.</param>
public sealed record BankHolidaysChanged(
    Guid ReviewId,
    DateOnly OccurredOn,
    long CalendarRevision,
    string Reason,
    IReadOnlyList<DateOnly> AddedDays,
    IReadOnlyList<DateOnly> RemovedDays,
    Guid? EventId = null) : IReviewEvent;
