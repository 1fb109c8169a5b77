namespace Orchestration.Contracts;

/// <summary>
/// A learning action's deadline was extended. N18; seeds 003 §9.2, §16.2 (only at the Chief Officer's request).
/// </summary>
/// <param name="RequestedBy">The role that asked for the extension (e.g. "Chief Officer"), not a person's name.</param>
public sealed record LearningActionExtended(
    Guid ReviewId,
    DateOnly OccurredOn,
    string ActionId,
    DateOnly NewDueOn,
    string RequestedBy,
    Guid? EventId = null) : IReviewEvent;
