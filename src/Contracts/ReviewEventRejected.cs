namespace Orchestration.Contracts;

/// <summary>
/// Published whenever the orchestrator refuses an event about a review (and sent as the answer when the
/// event came as a request): the event is not valid in the review's state, breaks a rule of the
/// procedure, or names a review that does not exist. Nothing about the review changed but its timeline.
/// </summary>
/// <param name="EventName">The event's contract name.</param>
/// <param name="CurrentState">The review's state; null when there is no such review.</param>
/// <param name="AcceptedEvents">The events the review accepts in its current state.</param>
/// <param name="Reason">Why, in words; no personal data.</param>
/// <param name="EarliestCompliantPublicationDate">For a refused publication date, the earliest date the rules allow (N10).</param>
public sealed record ReviewEventRejected(
    Guid ReviewId,
    string EventName,
    Guid? EventId,
    string? CurrentState,
    IReadOnlyList<string> AcceptedEvents,
    string Reason,
    DateOnly? EarliestCompliantPublicationDate = null);
