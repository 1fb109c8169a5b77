namespace Orchestration.Contracts;

/// <summary>
/// A referral or local authority notification that opens a review. N1, N2, N3, N4; seeds 000 App 1 and §3.1,
/// 001 (SIN, CFC, ALTE forms), 003 §4, 004 App 1. Carries the child's and family's personal data.
/// </summary>
/// <param name="Partnership">The procedure profile's name, e.g. <c>warrington</c>.</param>
/// <param name="ReceivedOn">The business date the partnership received it; N5 and local timetables count from here. It is this event's <see cref="OccurredOn"/>.</param>
/// <param name="BecameAwareOn">The date the referrer became aware of the incident; N2's five working days count from here.</param>
/// <param name="IncidentOn">Null when the incident's date is not known.</param>
/// <param name="EventId">Optional sender-chosen id; a second referral with the same id is ignored.</param>
public sealed record ReferralSubmitted(
    string Partnership,
    ReviewRoute Route,
    DateOnly ReceivedOn,
    DateOnly BecameAwareOn,
    DateOnly? IncidentOn,
    bool ChildDied,
    bool SeriousHarm,
    bool AbuseOrNeglectKnownOrSuspected,
    bool LookedAfterChild,
    bool CriminalInvestigation,
    Referrer Referrer,
    IReadOnlyList<ChildDetails> Children,
    IReadOnlyList<FamilyMember> FamilyMembers,
    IReadOnlyList<AgencyInvolved> Agencies,
    string Summary,
    string ReasonForReferral,
    RequestedReviewType? RequestedReviewType = null,
    Guid? EventId = null)
{
    /// <summary>The business date of the referral: the same as <see cref="ReceivedOn"/>.</summary>
    public DateOnly OccurredOn => ReceivedOn;
}
