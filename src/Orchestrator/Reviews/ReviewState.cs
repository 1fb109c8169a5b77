using MassTransit;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Persistence;
using Milestone = Orchestration.Domain.Profiles.Milestone;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// One review's durable state: the saga instance the review state machine runs, one row per review.
/// It holds the statutory record (route, key dates, decisions, outcome) and no personal data of the child
/// or family: the referral's people live in <see cref="ReferralRecord"/>. It keeps the referrer's work address
/// (the outcome is owed to it), the lead reviewer's name and the partners' free-text reasons, which may describe
/// the family: those columns are encrypted at rest and erased after the retention period.
/// </summary>
public sealed class ReviewState : SagaStateMachineInstance, IVersionedSaga, IWritesRowsWithSaga
{
    /// <summary>The review's id (<c>ReviewId</c> in every event).</summary>
    public Guid CorrelationId { get; set; }

    /// <inheritdoc />
    public int Version { get; set; }

    /// <summary>The state machine's state, by name.</summary>
    public string CurrentState { get; set; } = string.Empty;

    /// <summary>The procedure profile the review follows.</summary>
    public string Partnership { get; set; } = string.Empty;

    /// <summary>How the review came in.</summary>
    public ReviewRoute Route { get; set; }

    /// <summary>The review type the referrer asked for, where the form offers a choice (Northamptonshire).</summary>
    public RequestedReviewType? RequestedReviewType { get; set; }

    /// <summary>The child died (N1, N3).</summary>
    public bool ChildDied { get; set; }

    /// <summary>The child was looked after (N3).</summary>
    public bool LookedAfterChild { get; set; }

    /// <summary>The business unit received the referral or notification.</summary>
    public DateOnly ReceivedOn { get; set; }

    /// <summary>The referrer or local authority became aware of the incident (N2 counts from here).</summary>
    public DateOnly BecameAwareOn { get; set; }

    /// <summary>The local authority notified the National Panel (N2).</summary>
    public DateOnly? NotifiedOn { get; set; }

    /// <summary>The National Panel acknowledged the notification.</summary>
    public DateOnly? PanelAcknowledgedOn { get; set; }

    /// <summary>The date the Panel said it would respond by.</summary>
    public DateOnly? PanelExpectedResponseOn { get; set; }

    /// <summary>The route was decided (at once for a local authority notification, N4).</summary>
    public DateOnly? RouteDecidedOn { get; set; }

    /// <summary>The first quorate Rapid Review meeting.</summary>
    public DateOnly? MeetingOn { get; set; }

    /// <summary>The Rapid Review meeting's planned date.</summary>
    public DateOnly? MeetingScheduledFor { get; set; }

    /// <summary>The Rapid Review report was drafted.</summary>
    public DateOnly? ReportDraftedOn { get; set; }

    /// <summary>The Rapid Review report and decision went to the Panel (N5).</summary>
    public DateOnly? SubmittedOn { get; set; }

    /// <summary>The partners' decision on the Rapid Review outcome; for a local CSPR the six months of N7 count from here.</summary>
    public DateOnly? DecisionOn { get; set; }

    /// <summary>The Rapid Review outcome (N6).</summary>
    public RapidReviewOutcome? Outcome { get; set; }

    /// <summary>The kind of alternative review (DHR, SAR, case mapping, ...), for an alternative outcome.</summary>
    public string? AlternativeReviewType { get; set; }

    /// <summary>The National Panel's answer to the Rapid Review.</summary>
    public DateOnly? PanelRespondedOn { get; set; }

    /// <summary>The local CSPR was commissioned.</summary>
    public DateOnly? CommissionedOn { get; set; }

    /// <summary>The lead reviewer named, appointed or proposed (N9, N16).</summary>
    public string? LeadReviewer { get; set; }

    /// <summary>The named lead reviewer declared a conflict of interest: not appointed until resolved (N16).</summary>
    public bool LeadReviewerConflicted { get; set; }

    /// <summary>The lead reviewer's appointment took effect.</summary>
    public DateOnly? LeadReviewerAppointedOn { get; set; }

    /// <summary>Terms of reference agreed.</summary>
    public DateOnly? TermsOfReferenceOn { get; set; }

    /// <summary>Final report signed off.</summary>
    public DateOnly? SignedOffOn { get; set; }

    /// <summary>The date publication is scheduled for.</summary>
    public DateOnly? PublishOn { get; set; }

    /// <summary>Whether only the learning will be published (N10, N11).</summary>
    public bool LearningOnly { get; set; }

    /// <summary>The report was published.</summary>
    public DateOnly? PublishedOn { get; set; }

    /// <summary>Where the published report is.</summary>
    public Uri? PublishedUrl { get; set; }

    /// <summary>The decision not to publish (N11).</summary>
    public DateOnly? NotPublishedOn { get; set; }

    /// <summary>The review closed.</summary>
    public DateOnly? ClosedOn { get; set; }

    /// <summary>Why it closed, in the words of the event that closed it.</summary>
    public string? ClosureReason { get; set; }

    /// <summary>
    /// When the review's personal data was erased (<c>PersonalDataErased</c>): the referral, the referrer's address, the lead
    /// reviewer's name and the free-text reasons replaced by <see cref="Retention.PersonalDataErasure.Marker"/>; the statutory record stays.
    /// </summary>
    public DateOnly? PersonalDataErasedOn { get; set; }

    /// <summary>How many timeline entries the review has.</summary>
    public int TimelineLength { get; set; }

    /// <summary>The hash of the last timeline entry; the next one chains from it.</summary>
    public string TimelineHead { get; set; } = TimelineEntry.GenesisHash;

    /// <summary>Each statutory partner's latest say on the route (a partner may change its mind until the decision).</summary>
    public List<PartnerVote> PartnerVotes { get; set; } = [];

    /// <summary>Recommendations made before the partners decide (advisors, Case Review Group, L&amp;D sub-group).</summary>
    public List<Recommendation> Recommendations { get; set; } = [];

    /// <summary>The agencies asked for information and what they returned.</summary>
    public List<AgencyRequest> AgencyRequests { get; set; } = [];

    /// <summary>Rapid Review meetings held, quorate or not.</summary>
    public List<MeetingRecord> Meetings { get; set; } = [];

    /// <summary>The statutory partners that endorsed the Rapid Review report.</summary>
    public List<StatutoryPartner> Endorsements { get; set; } = [];

    /// <summary>Family engagement (N15).</summary>
    public List<FamilyEngagement> FamilyEngagement { get; set; } = [];

    /// <summary>Parallel proceedings (N17).</summary>
    public List<ProceedingRecord> Proceedings { get; set; } = [];

    /// <summary>Delays reported to the Panel and the Secretary of State (N8).</summary>
    public List<DelayRecord> Delays { get; set; } = [];

    /// <summary>The action plan (N18), each action with its own lifecycle.</summary>
    public List<LearningActionRecord> LearningActions { get; set; } = [];

    /// <summary>Every notification the review has owed, with what became of it.</summary>
    public List<DeliveryRecord> Deliveries { get; set; } = [];

    /// <summary>The report documents attached, latest last (each checked for the names recorded at referral).</summary>
    public List<ReportDocumentRecord> Documents { get; set; } = [];

    /// <summary>The latest report of a kind attached, if any: the one the regulators and the NSPCC are sent.</summary>
    public ReportDocumentRecord? LatestReport(bool learningOnly) =>
        Documents.LastOrDefault(d => d.Kind == (learningOnly ? ReportDocumentKind.LearningOnly : ReportDocumentKind.FinalReport));

    /// <summary>The referrer's work address, for the outcome the referrer is owed. Personal data of a professional.</summary>
    public string? ReferrerEmail { get; set; }

    /// <summary>The review's deadlines: a table of their own, loaded with the review.</summary>
    public List<DeadlineRecord> Deadlines { get; set; } = [];

    /// <summary>What the transition in progress has to write besides the review itself; never stored as such.</summary>
    internal TransitionScratch Scratch { get; } = new();

    /// <inheritdoc />
    IList<object> IWritesRowsWithSaga.RowsToAdd => Scratch.NewRows;

    /// <summary>
    /// When the last of the regulators' copies of the final report went (N10), once every copy owed has been
    /// sent; null while none is owed or any is unsent.
    /// </summary>
    internal DateOnly? RegulatorsCopiesSentOn
    {
        get
        {
            var copies = Deliveries.Where(d => d.Kind == Domain.Profiles.NotificationKind.FinalReportCopy).ToList();
            return copies.Count > 0 && copies.All(d => d.Status == DeliveryStatus.Sent) ? copies.Max(d => d.SentOn) : null;
        }
    }

    /// <summary>Whether a milestone has been reached (used by guards and the review view).</summary>
    internal bool Reached(Milestone milestone) => milestone switch
    {
        Milestone.ReferralReceived => true,
        Milestone.DecisionMade => RouteDecidedOn is not null,
        Milestone.PanelNotified => NotifiedOn is not null,
        Milestone.PanelAcknowledged => PanelAcknowledgedOn is not null,
        Milestone.RapidReviewMeetingHeld => MeetingOn is not null,
        Milestone.RapidReviewReportDrafted => ReportDraftedOn is not null,
        Milestone.ReportSubmittedToPanel => SubmittedOn is not null,
        Milestone.Publication => PublishedOn is not null,
        _ => false,
    };
}

/// <summary>One statutory partner's say on the route.</summary>
public sealed record PartnerVote(StatutoryPartner Partner, PartnerDecision Decision, DateOnly DecidedOn, string Reason);

/// <summary>A recommendation on the route by a body that does not decide.</summary>
public sealed record Recommendation(PartnerDecision Decision, DateOnly MadeOn, string Reason);

/// <summary>An agency asked for information, due back by <paramref name="DueOn"/>.</summary>
public sealed record AgencyRequest(string Agency, DateOnly RequestedOn, DateOnly DueOn)
{
    /// <summary>When the agency returned its information.</summary>
    public DateOnly? ReturnedOn { get; set; }

    /// <summary>The agency holds no records on the family.</summary>
    public bool NoRecords { get; set; }
}

/// <summary>A Rapid Review meeting as it happened; only a quorate one counts as the Rapid Review meeting.</summary>
public sealed record MeetingRecord(DateOnly HeldOn, int Attendees, IReadOnlyList<StatutoryPartner> PartnersPresent, bool Quorate);

/// <summary>What happened about involving the family (N15).</summary>
public sealed record FamilyEngagement(DateOnly RecordedOn, bool Invited, bool Participated, string? ReasonNotInvolved);

/// <summary>A parallel proceeding (N17).</summary>
public sealed record ProceedingRecord(Guid ProceedingId, ParallelProceedingKind Kind, bool HoldsPublication, DateOnly RecordedOn)
{
    /// <summary>When it concluded.</summary>
    public DateOnly? ConcludedOn { get; set; }
}

/// <summary>A delay reported (N8).</summary>
public sealed record DelayRecord(DateOnly ReportedOn, DateOnly ExpectedPublicationOn);

/// <summary>A report document attached to the review.</summary>
public sealed record ReportDocumentRecord(ReportDocumentKind Kind, DocumentReference Document, DateOnly AttachedOn);

/// <summary>A notification the review owed, and what the workers reported about it.</summary>
public sealed record DeliveryRecord(
    string IdempotencyKey,
    Domain.Profiles.NotificationKind Kind,
    Domain.Profiles.RecipientRole Recipient,
    string? Rule,
    DateOnly RequestedOn,
    DateOnly DueOn)
{
    /// <summary>The last compliant date to send it; moves with the publication date for the regulators' copies.</summary>
    public DateOnly DueOn { get; set; } = DueOn;

    /// <summary>requested, sent, failed (retrying) or dead-lettered.</summary>
    public string Status { get; set; } = DeliveryStatus.Requested;

    /// <summary>When it was sent.</summary>
    public DateOnly? SentOn { get; set; }

    /// <summary>Why it failed, as the worker said.</summary>
    public string? FailureReason { get; set; }

    /// <summary>How many times someone has asked for it to be tried again (<c>DeliveryRetryRequested</c>).</summary>
    public int Retries { get; set; }
}

/// <summary>The delivery statuses the orchestrator knows.</summary>
public static class DeliveryStatus
{
    /// <summary>Command published, no answer yet.</summary>
    public const string Requested = "requested";

    /// <summary>The worker sent it.</summary>
    public const string Sent = "sent";

    /// <summary>An attempt failed; the worker is retrying.</summary>
    public const string Failed = "failed";

    /// <summary>The worker gave up on it (a permanent refusal, or its attempts ran out); an operator may retry it (as a failed one).</summary>
    public const string DeadLettered = "dead-lettered";
}
