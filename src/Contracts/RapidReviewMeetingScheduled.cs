namespace Orchestration.Contracts;

/// <summary>
/// The Rapid Review meeting was set. Seeds 000 §3.4.7 (between WD 10 and 13), 001 (WD 8), 002 §4.4.2, 003 §6.2.
/// </summary>
/// <param name="ScheduledFor">The meeting date; a date outside the profile's window is accepted but flagged.</param>
public sealed record RapidReviewMeetingScheduled(
    Guid ReviewId,
    DateOnly OccurredOn,
    DateOnly ScheduledFor,
    Guid? EventId = null) : IReviewEvent;
