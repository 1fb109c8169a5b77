namespace Orchestration.Contracts;

/// <summary>
/// The statutory partners endorsed the Rapid Review report. N7 (the decision to initiate); seeds 000 §3.5.5-3.5.6, 001 (WD 13-14), 002 §4.9.
/// </summary>
public sealed record RapidReviewReportEndorsed(
    Guid ReviewId,
    DateOnly OccurredOn,
    IReadOnlyList<StatutoryPartner> EndorsedBy,
    Guid? EventId = null) : IReviewEvent;
