namespace Orchestration.Contracts;

/// <summary>
/// The partners decided publication is inappropriate; the justification goes to the Panel and the Secretary of State. N11; seeds 000 §4.2.5, 002 §10.1, 003 §14.4, §15.3.
/// </summary>
public sealed record DecisionNotToPublish(
    Guid ReviewId,
    DateOnly OccurredOn,
    string Justification,
    Guid? EventId = null) : IReviewEvent;
