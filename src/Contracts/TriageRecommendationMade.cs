namespace Orchestration.Contracts;

/// <summary>
/// The advisors' recommendation on a referral, before the partners decide. Seeds 000 §3.1.5.
/// </summary>
public sealed record TriageRecommendationMade(
    Guid ReviewId,
    DateOnly OccurredOn,
    PartnerDecision Recommendation,
    string Reason,
    Guid? EventId = null) : IReviewEvent;
