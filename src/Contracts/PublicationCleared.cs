namespace Orchestration.Contracts;

/// <summary>
/// The publication gate accepted the publication date: the regulators' copies were, or can still be, sent in time and nothing holds publication. N10, N17; seeds 000 §4.2.8, 004.
/// </summary>
public sealed record PublicationCleared(
    Guid ReviewId,
    DateOnly OccurredOn,
    DateOnly PublishOn,
    Guid? EventId = null) : IReviewEvent;
