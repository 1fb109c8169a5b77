namespace Orchestration.Contracts;

/// <summary>
/// A learning action was completed. N18; seeds 000 §5.3.1, 003 §16.2.
/// </summary>
public sealed record LearningActionCompleted(
    Guid ReviewId,
    DateOnly OccurredOn,
    string ActionId,
    Guid? EventId = null) : IReviewEvent;
