namespace Orchestration.Contracts;

/// <summary>
/// One statutory partner's decision (or vote) on a referral. N4; seeds 000 §3.1.7, 001 (CFC vote; split presumes Rapid Review), 003 §5.4-5.6.
/// </summary>
public sealed record PartnerDecisionRecorded(
    Guid ReviewId,
    DateOnly OccurredOn,
    StatutoryPartner Partner,
    PartnerDecision Decision,
    string Reason,
    Guid? EventId = null) : IReviewEvent;
