namespace Orchestration.Contracts;

/// <summary>
/// The review's terms of reference were agreed. Seeds 002 §5.1, 003 §9.1.
/// </summary>
public sealed record TermsOfReferenceAgreed(
    Guid ReviewId,
    DateOnly OccurredOn,
    Guid? EventId = null) : IReviewEvent;
