namespace Orchestration.Contracts;

/// <summary>
/// The Rapid Review's outcome, sent to the National Panel. N5, N6; seeds 000 §3.2.2, App 5 §5, 003 §6.8-6.10.
/// </summary>
/// <param name="AlternativeReviewType">For an alternative review, which (e.g. DHR, SAR, MAPPA SFO, case mapping exercise); required then.</param>
public sealed record RapidReviewOutcomeDecided(
    Guid ReviewId,
    DateOnly OccurredOn,
    RapidReviewOutcome Outcome,
    string Reason,
    Guid? EventId = null,
    string? AlternativeReviewType = null) : IReviewEvent;
