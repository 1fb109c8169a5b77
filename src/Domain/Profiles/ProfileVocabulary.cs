namespace Orchestration.Domain.Profiles;

/// <summary>The three statutory safeguarding partners (Children Act 2004 s16E). The health partner was the CCG until July 2022, the ICB since.</summary>
public enum StatutoryPartner
{
    LocalAuthority,
    Police,
    Icb,
}

/// <summary>How a case enters review.</summary>
public enum ReviewRouteKind
{
    /// <summary>The local authority's serious incident notification to the National Panel (always a Rapid Review, N4).</summary>
    LocalAuthorityNotification,

    /// <summary>A referral by any agency for the partners to decide on.</summary>
    AgencyReferral,

    /// <summary>A request for learning below the notification threshold.</summary>
    LearningRequest,

    /// <summary>An acute life-threatening event (Gloucestershire: decided by CDOP).</summary>
    AcuteLifeThreateningEvent,
}

/// <summary>Who decides whether a case on a route goes to Rapid Review, and how.</summary>
public enum RouteDecision
{
    /// <summary>No criteria decision: the case goes to Rapid Review (N4).</summary>
    AlwaysRapidReview,

    /// <summary>The bodies named recommend then decide; the statutory partners' decision is final.</summary>
    PartnersDecide,

    /// <summary>The three statutory partner members vote; a split vote presumes a Rapid Review (Gloucestershire).</summary>
    PartnerVoteSplitPresumesRapidReview,

    /// <summary>A standing group considers it at its next meeting (LLR's monthly Case Review Group).</summary>
    CaseReviewGroup,

    /// <summary>Below threshold: a learning sub-group chooses among learning options (Darlington).</summary>
    LearningAndDevelopmentOptions,

    /// <summary>Decided outside this procedure (e.g. CDOP for an acute life-threatening event).</summary>
    ReferredElsewhere,
}

/// <summary>What a body does in the procedure.</summary>
public enum BodyFunction
{
    Recommends,
    Decides,
    Chairs,
    Scrutinises,
    Reviews,
    Approves,
}

/// <summary>The event a timescale is counted from.</summary>
public enum TimetableAnchor
{
    /// <summary>The referrer or local authority became aware of the incident.</summary>
    BecameAware,

    /// <summary>The business unit received the referral or local authority notification.</summary>
    ReferralReceived,

    /// <summary>The National Panel acknowledged the notification.</summary>
    PanelAcknowledged,

    /// <summary>The partners decided whether the case meets the criteria for a Rapid Review.</summary>
    DecisionMade,

    /// <summary>Information requests went to the agencies.</summary>
    InformationRequested,

    /// <summary>The Rapid Review meeting was held.</summary>
    RapidReviewMeetingHeld,

    /// <summary>The Rapid Review report and decision (or a final report) were submitted to the Panel.</summary>
    ReportSubmittedToPanel,

    /// <summary>The decision to initiate a local CSPR: the partners' endorsement of the Rapid Review report (N7).</summary>
    CsprInitiated,

    /// <summary>The planned publication date of the final report.</summary>
    Publication,

    /// <summary>A learning action's own due date.</summary>
    LearningActionDue,
}

/// <summary>Who is told; addresses come from configuration, never from a profile.</summary>
public enum RecipientRole
{
    NationalPanel,
    Ofsted,
    SecretaryOfState,
    NspccRepository,
    BusinessUnit,
    Agencies,
    Referrer,
    SafeguardingPartners,
    IndependentScrutiny,
    HeadOfService,
    ChiefOfficer,
    ElectedMembers,
    CommunicationsTeam,
    Family,
}

/// <summary>The kinds of notification a recipient can be owed.</summary>
public enum NotificationKind
{
    /// <summary>N3: a looked-after child has died.</summary>
    LookedAfterChildDeath,

    /// <summary>N2: the serious incident notification.</summary>
    SeriousIncidentNotification,

    /// <summary>N5: the Rapid Review report and decision.</summary>
    RapidReviewOutcome,

    /// <summary>N9: a CSPR is commissioned, with the lead reviewer's name.</summary>
    CsprCommissioned,

    /// <summary>N8: a delay will prevent publication within six months.</summary>
    PublicationDelay,

    /// <summary>N10: the final report (or the learning published) before publication.</summary>
    FinalReportCopy,

    /// <summary>N11: the decision not to publish, with the justification.</summary>
    DecisionNotToPublish,

    /// <summary>N13: the published report for the NSPCC repository.</summary>
    PublishedReport,

    InformationRequest,
    ReviewOutcome,
    DeadlineReminder,
    DeadlineBreach,
    LearningActionEscalation,
    PublicationDate,

    /// <summary>A due date moved because the bank holidays changed (the business unit is told the old and new dates).</summary>
    DeadlineMoved,
}

/// <summary>
/// What happens in a review that meets a duty of the timetable (a timetable entry's <c>satisfiedBy</c>).
/// A deadline is met on the business date of its milestone; a milestone reached after the due date
/// leaves the deadline missed, with the date it was finally met.
/// </summary>
public enum Milestone
{
    /// <summary>The review is opened (the referral or notification is received).</summary>
    ReferralReceived,

    /// <summary>The statutory partners have been told of the referral.</summary>
    PartnersInformed,

    /// <summary>A body recommends whether to hold a Rapid Review (advisors, Case Review Group, L&amp;D sub-group).</summary>
    RecommendationMade,

    /// <summary>The partners decide the route (or the route needs no decision: N4).</summary>
    DecisionMade,

    /// <summary>The local authority has notified the National Panel (N2).</summary>
    PanelNotified,

    /// <summary>The National Panel has acknowledged the notification.</summary>
    PanelAcknowledged,

    /// <summary>Information requests have gone to the agencies.</summary>
    InformationRequested,

    /// <summary>Every agency asked has returned its information (or said it holds no records).</summary>
    AgencyReturnsComplete,

    /// <summary>The Rapid Review meeting has a date.</summary>
    RapidReviewMeetingScheduled,

    /// <summary>A quorate Rapid Review meeting has been held.</summary>
    RapidReviewMeetingHeld,

    /// <summary>The Rapid Review report is drafted.</summary>
    RapidReviewReportDrafted,

    /// <summary>Every statutory partner has endorsed the Rapid Review report.</summary>
    RapidReviewReportEndorsed,

    /// <summary>The Rapid Review report and decision have gone to the National Panel (N5).</summary>
    ReportSubmittedToPanel,

    /// <summary>The final report's copies have reached the Panel, Ofsted and the Secretary of State (N10).</summary>
    RegulatorsCopiesSent,

    /// <summary>The report is published (N7).</summary>
    Publication,

    /// <summary>
    /// The published report has stayed available for its whole period (N12): reached when the period ends with
    /// the review still published. Only the orchestrator arms it; a profile's N12 entry is a NotBefore bound.
    /// </summary>
    AvailabilityPeriodCompleted,

    /// <summary>The learning action the deadline belongs to is completed (N18).</summary>
    LearningActionCompleted,
}
