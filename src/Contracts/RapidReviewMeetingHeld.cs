namespace Orchestration.Contracts;

/// <summary>
/// The Rapid Review meeting took place. Seeds 000 §3.4.3 (quorum), 002 §4.6.1, 003 §6.4.
/// </summary>
/// <param name="Attendees">Those present; the profile's quorum rule is checked against their partners.</param>
public sealed record RapidReviewMeetingHeld(
    Guid ReviewId,
    DateOnly OccurredOn,
    IReadOnlyList<Attendee> Attendees,
    Guid? EventId = null) : IReviewEvent;
