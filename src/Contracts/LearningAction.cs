namespace Orchestration.Contracts;

/// <summary>
/// One action of a review's action plan. N18; seeds 000 §5.2, 003 §16-17.
/// </summary>
/// <param name="ActionId">The partnership's own reference for the action, unique within the review (e.g. "R3.1").</param>
public sealed record LearningAction(
    string ActionId,
    string Description,
    string OwnerAgency,
    DateOnly DueOn);
