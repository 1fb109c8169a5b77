namespace Orchestration.Contracts;

/// <summary>
/// A publication date was set; the regulators' copies must go 7 working days before it. N10, N11; seeds 000 §4.2.8, 002 §10.5.1, 003 §14.7, 004 (14 days).
/// </summary>
/// <param name="LearningOnly">True when only the learning is published (N10, N11); it is then what the regulators receive.</param>
public sealed record PublicationScheduled(
    Guid ReviewId,
    DateOnly OccurredOn,
    DateOnly PublishOn,
    bool LearningOnly,
    Guid? EventId = null) : IReviewEvent;
