namespace Orchestration.Contracts;

/// <summary>
/// The review was closed. N18; seeds 000 §5.3, 003 §17.
/// </summary>
public sealed record ReviewClosed(
    Guid ReviewId,
    DateOnly OccurredOn,
    string Reason,
    Guid? EventId = null) : IReviewEvent;
