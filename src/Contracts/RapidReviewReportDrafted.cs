namespace Orchestration.Contracts;

/// <summary>
/// The Rapid Review report was drafted and agreed by the chair. N14 (never published); seeds 000 §3.5.5, 001 (WD 9-13).
/// </summary>
public sealed record RapidReviewReportDrafted(
    Guid ReviewId,
    DateOnly OccurredOn,
    Guid? EventId = null) : IReviewEvent;
