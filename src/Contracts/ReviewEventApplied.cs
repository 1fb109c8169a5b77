namespace Orchestration.Contracts;

/// <summary>
/// The orchestrator's answer to an event sent as a request: the review applied it (or had already
/// applied an event with the same <see cref="EventId"/>, then <see cref="Duplicate"/> is true).
/// </summary>
/// <param name="EventName">The event's contract name.</param>
/// <param name="State">The review's state after the event.</param>
public sealed record ReviewEventApplied(
    Guid ReviewId,
    string EventName,
    Guid? EventId,
    string State,
    bool Duplicate);
