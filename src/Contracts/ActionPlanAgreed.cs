namespace Orchestration.Contracts;

/// <summary>
/// The review's action plan was agreed. N18; seeds 000 §5.2-5.3, 002 §11, 003 §16-17.
/// </summary>
public sealed record ActionPlanAgreed(
    Guid ReviewId,
    DateOnly OccurredOn,
    IReadOnlyList<LearningAction> Actions,
    Guid? EventId = null) : IReviewEvent;
