using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews.Saga;

/// <summary>
/// Brings reviews to a state on the bus by the sequence of events a partnership would send (Warrington, seed 000,
/// as in <see cref="WarringtonReviewTests"/>; Gloucestershire for an acute life-threatening event, which its CDOP
/// decides). Every step goes as a request and must be applied.
/// </summary>
public sealed class ReviewDriver(ReviewSagaHarness bus)
{
    /// <summary>Every review here was received on Monday 1 March 2027.</summary>
    public static readonly DateOnly ReceivedOn = new(2027, 3, 1);

    /// <summary>The referrer became aware of the incident the Friday before.</summary>
    public static readonly DateOnly BecameAwareOn = new(2027, 2, 26);

    /// <summary>The publication date the drive schedules.</summary>
    public static readonly DateOnly PublishOn = new(2027, 7, 1);

    /// <summary>The learning actions the drive's plan agrees.</summary>
    public static readonly string[] PlanActions = ["A1", "A2"];

    /// <summary>A complete referral, as the seed forms ask for it (<see cref="Referrals.Complete"/>), as the bus contract.</summary>
    public static ReferralSubmitted Referral(string partnership, ReviewRoute route, Guid eventId)
    {
        var (referral, problems) = EventCatalogue.Read<ReferralSubmitted>(
            Referrals.Complete(partnership, route.ToString(), "2027-03-01", "2027-02-26", eventId));
        Assert.Empty(problems);
        return referral!;
    }

    /// <summary>The business date on which a review driven to <paramref name="state"/> gets its next event.</summary>
    public static DateOnly DateIn(string state) => state switch
    {
        "Initial" or "AwaitingDecision" or "RapidReview" or "ReferredElsewhere" => new(2027, 3, 2),
        "Closed" => new(2027, 3, 3),
        "RapidReviewSubmitted" => new(2027, 3, 22),
        "NationalReview" or "LocalReview" or "AlternativeReview" or "NoFurtherReview" or "LearningRoute" => new(2027, 4, 5),
        "PublicationPending" => new(2027, 6, 1),
        "NotPublished" => new(2027, 6, 3),
        "Published" => new(2027, 7, 5),
        "LearningMonitoring" => new(2027, 8, 2),
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a state of the review lifecycle."),
    };

    /// <summary>Opens a review from a complete referral; its id is the referral's event id.</summary>
    public async Task<Guid> Open(string partnership, ReviewRoute route)
    {
        var id = Guid.NewGuid();
        await Apply(Referral(partnership, route, id));
        return id;
    }

    /// <summary>Sends one event as a request; fails the test unless it is applied. Returns the state after.</summary>
    public async Task<string> Apply(object message)
    {
        var answer = await bus.Request(message);
        Assert.True(answer.Applied is not null, $"{message.GetType().Name} was rejected in {answer.Rejected?.CurrentState}: {answer.Rejected?.Reason}");
        return answer.Applied!.State;
    }

    /// <summary>A new review in <paramref name="state"/>, brought there by a realistic sequence of events.</summary>
    public async Task<Guid> DriveTo(string state)
    {
        var id = state switch
        {
            "AwaitingDecision" => await Open("warrington", ReviewRoute.AgencyReferral),
            "RapidReview" => await Open("warrington", ReviewRoute.LocalAuthorityNotification),
            "RapidReviewSubmitted" => await Submitted(RapidReviewOutcome.LocalReview),
            "NationalReview" => await PanelResponded(RapidReviewOutcome.NationalReview, nationalReview: true),
            "LocalReview" => await PanelResponded(RapidReviewOutcome.LocalReview),
            "AlternativeReview" => await PanelResponded(RapidReviewOutcome.AlternativeReview),
            "NoFurtherReview" => await PanelResponded(RapidReviewOutcome.NoFurtherReview),
            "LearningRoute" => await PanelResponded(RapidReviewOutcome.LearningRoute),
            "PublicationPending" => await SignedOff(),
            "Published" => await Published(),
            "NotPublished" => await NotPublished(),
            "LearningMonitoring" => await Monitoring(),
            "ReferredElsewhere" => await Open("gloucestershire", ReviewRoute.AcuteLifeThreateningEvent),
            "Closed" => await Closed(),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "No drive to this state."),
        };
        var review = await bus.Review(id);
        Assert.Equal(state, review?.CurrentState);
        return id;
    }

    /// <summary>
    /// What an event needs before it can be applied in <paramref name="state"/> (the guards inside the machine):
    /// applies it and returns the date to send the event on.
    /// </summary>
    public async Task<DateOnly> Prepare(string eventName, Guid id, string state)
    {
        var on = DateIn(state);
        switch (eventName)
        {
            case nameof(NationalPanelAcknowledged):
                await Apply(new SeriousIncidentNotified(id, on, Guid.NewGuid()));
                break;
            case nameof(PartnerDecisionRecorded):
                // Warrington's advisors recommend first; two partners have voted, the ICB's vote decides.
                await Apply(new TriageRecommendationMade(id, on, PartnerDecision.RapidReview, "The criteria for a Rapid Review appear to be met.", Guid.NewGuid()));
                await Apply(new PartnerDecisionRecorded(id, on, StatutoryPartner.LocalAuthority, PartnerDecision.RapidReview, "Criteria met.", Guid.NewGuid()));
                await Apply(new PartnerDecisionRecorded(id, on, StatutoryPartner.Police, PartnerDecision.RapidReview, "Criteria met.", Guid.NewGuid()));
                break;
            case nameof(AgencyInformationReturned) when state == "RapidReview":
                await Apply(new InformationRequestsSent(id, on, ["Police", "Health visiting"], on.AddDays(9), Guid.NewGuid()));
                break;
            case nameof(RapidReviewReportDrafted):
                await Apply(new RapidReviewMeetingHeld(id, on, FullMeeting, Guid.NewGuid()));
                break;
            case nameof(RapidReviewReportEndorsed):
                await Apply(new RapidReviewMeetingHeld(id, on, FullMeeting, Guid.NewGuid()));
                await Apply(new RapidReviewReportDrafted(id, on, Guid.NewGuid()));
                break;
            case nameof(RapidReviewOutcomeDecided) when state == "RapidReview":
                await Apply(new RapidReviewMeetingHeld(id, on, FullMeeting, Guid.NewGuid()));
                await Apply(new RapidReviewReportDrafted(id, on, Guid.NewGuid()));
                await Apply(new RapidReviewReportEndorsed(id, on, AllPartners, Guid.NewGuid()));
                break;
            case nameof(LeadReviewerAppointed):
                await Apply(new CsprCommissioned(id, on, Guid.NewGuid()));
                break;
            case nameof(FinalReportSignedOff):
                await ReadyForSignOff(id, on);
                break;
            case nameof(ReportPublished):
                await ScheduleAndSendCopies(id);
                return PublishOn;
            case nameof(ParallelProceedingConcluded):
                await Apply(new ParallelProceedingRecorded(id, on, Guid.NewGuid(), ParallelProceedingKind.Inquest, false, Guid.NewGuid()));
                break;
            case nameof(LearningActionCompleted):
                // A2 is then the last open action, and completing it closes the review.
                await Apply(new LearningActionCompleted(id, on, PlanActions[0], Guid.NewGuid()));
                break;
            case nameof(StatutoryNotificationSent) or nameof(StatutoryNotificationFailed):
                if ((await bus.Review(id))!.Deliveries.All(d => d.Status != DeliveryStatus.Requested))
                {
                    // Nothing owed yet: a looked-after child's death is owed to Ofsted and the Secretary of State in any state (N3).
                    await Apply(new LookedAfterChildDeathReported(id, on, Guid.NewGuid()));
                }

                break;
            case nameof(DeliveryRetryRequested):
                // Only a notification the workers could not send can be retried: one owed, then dead-lettered.
                var owed = (await bus.Review(id))!.Deliveries.FirstOrDefault(d => d.Status == DeliveryStatus.Requested);
                if (owed is null)
                {
                    await Apply(new LookedAfterChildDeathReported(id, on, Guid.NewGuid()));
                    owed = (await bus.Review(id))!.Deliveries.First(d => d.Status == DeliveryStatus.Requested);
                }

                await Apply(new StatutoryNotificationFailed(id, on, owed.IdempotencyKey, owed.Kind.ToString(), owed.Recipient.ToString(), true,
                    "550 mailbox unavailable", Guid.NewGuid()));
                break;
            default:
                break;
        }

        return on;
    }

    /// <summary>The three statutory partners and another agency, as at a quorate Warrington Rapid Review meeting.</summary>
    public static IReadOnlyList<Attendee> FullMeeting { get; } =
    [
        new("Chair", "Council", StatutoryPartner.LocalAuthority),
        new("DI Example", "Police", StatutoryPartner.Police),
        new("Designated Nurse", "ICB", StatutoryPartner.Icb),
        new("Practitioner 1", "Health visiting"),
    ];

    /// <summary>The three statutory partners.</summary>
    public static IReadOnlyList<StatutoryPartner> AllPartners { get; } = [StatutoryPartner.LocalAuthority, StatutoryPartner.Police, StatutoryPartner.Icb];

    private async Task<Guid> Submitted(RapidReviewOutcome outcome)
    {
        var id = await Open("warrington", ReviewRoute.LocalAuthorityNotification);
        await Apply(new InformationRequestsSent(id, new(2027, 3, 2), ["Police", "Health visiting"], new(2027, 3, 12), Guid.NewGuid()));
        await Apply(new RapidReviewMeetingScheduled(id, new(2027, 3, 2), new(2027, 3, 15), Guid.NewGuid()));
        await Apply(new AgencyInformationReturned(id, new(2027, 3, 5), "Police", false, Guid.NewGuid()));
        await Apply(new RapidReviewMeetingHeld(id, new(2027, 3, 15), FullMeeting, Guid.NewGuid()));
        await Apply(new RapidReviewReportDrafted(id, new(2027, 3, 16), Guid.NewGuid()));
        await Apply(new RapidReviewReportEndorsed(id, new(2027, 3, 17), AllPartners, Guid.NewGuid()));
        await Apply(new RapidReviewOutcomeDecided(id, new(2027, 3, 18), outcome, "The partners' decision after the Rapid Review meeting.", Guid.NewGuid(),
            outcome == RapidReviewOutcome.AlternativeReview ? "Domestic Homicide Review" : null));
        return id;
    }

    private async Task<Guid> PanelResponded(RapidReviewOutcome outcome, bool nationalReview = false)
    {
        var id = await Submitted(outcome);
        await Apply(new NationalPanelResponded(id, new(2027, 4, 1), true, nationalReview, Guid.NewGuid()));
        return id;
    }

    private async Task ReadyForSignOff(Guid id, DateOnly on)
    {
        await Apply(new CsprCommissioned(id, on, Guid.NewGuid()));
        await Apply(new LeadReviewerAppointed(id, on, "Dr Independent", false, Guid.NewGuid()));
        await Apply(new TermsOfReferenceAgreed(id, on, Guid.NewGuid()));
        await Apply(new FamilyEngagementRecorded(id, on, true, true, null, Guid.NewGuid()));
        await Apply(new ReportDocumentAttached(id, on, ReportDocumentKind.FinalReport, Report, Guid.NewGuid()));
    }

    /// <summary>The final report every driven review attaches before sign-off (checked for names by the upload endpoint, not here).</summary>
    public static readonly DocumentReference Report = new(new string('a', 64), "cspr-final-report.pdf", "application/pdf", 1024);

    private async Task<Guid> SignedOff()
    {
        var id = await PanelResponded(RapidReviewOutcome.LocalReview);
        await Apply(new CsprCommissioned(id, new(2027, 4, 5), Guid.NewGuid()));
        await Apply(new LeadReviewerAppointed(id, new(2027, 4, 12), "Dr Independent", false, Guid.NewGuid()));
        await Apply(new TermsOfReferenceAgreed(id, new(2027, 4, 20), Guid.NewGuid()));
        await Apply(new FamilyEngagementRecorded(id, new(2027, 4, 26), true, true, null, Guid.NewGuid()));
        await Apply(new ReportDocumentAttached(id, new(2027, 5, 18), ReportDocumentKind.FinalReport, Report, Guid.NewGuid()));
        await Apply(new FinalReportSignedOff(id, new(2027, 5, 20), Guid.NewGuid()));
        return id;
    }

    /// <summary>Schedules publication for 1 July 2027 on 1 June and reports every regulator's copy sent on 15 June (N10).</summary>
    private async Task ScheduleAndSendCopies(Guid id)
    {
        await Apply(new PublicationScheduled(id, new(2027, 6, 1), PublishOn, false, Guid.NewGuid()));
        var copies = (await bus.Review(id))!.Deliveries.Where(d => d.Kind == Domain.Profiles.NotificationKind.FinalReportCopy).ToList();
        Assert.Equal(3, copies.Count);
        foreach (var copy in copies)
        {
            await Apply(new StatutoryNotificationSent(id, new(2027, 6, 15), copy.IdempotencyKey, copy.Kind.ToString(), copy.Recipient.ToString(), Guid.NewGuid()));
        }
    }

    private async Task<Guid> Published()
    {
        var id = await SignedOff();
        await ScheduleAndSendCopies(id);
        await Apply(new ReportPublished(id, PublishOn, new Uri("https://example.org/cspr.pdf"), PublishOn, Guid.NewGuid()));
        return id;
    }

    private async Task<Guid> NotPublished()
    {
        var id = await SignedOff();
        await Apply(new DecisionNotToPublish(id, new(2027, 6, 1), "Publication would identify the surviving siblings.", Guid.NewGuid()));
        return id;
    }

    private async Task<Guid> Monitoring()
    {
        var id = await Published();
        await Apply(new ActionPlanAgreed(id, new(2027, 7, 5),
        [
            new(PlanActions[0], "Refresh multi-agency training on bruising in non-mobile babies.", "Partnership", new(2027, 10, 29)),
            new(PlanActions[1], "Audit information sharing at the front door.", "Police", new(2027, 12, 17)),
        ], Guid.NewGuid()));
        return id;
    }

    private async Task<Guid> Closed()
    {
        var id = await Open("warrington", ReviewRoute.AgencyReferral);
        await Apply(new ReviewClosed(id, new(2027, 3, 2), "The referrer withdrew the referral: the criteria are not met.", Guid.NewGuid()));
        return id;
    }
}

/// <summary>One well-formed event of each contract, for a review as it stands (the keys, deadlines and actions it holds).</summary>
public static class ReviewEvents
{
    /// <summary>
    /// The event named <paramref name="name"/> for review <paramref name="id"/> on <paramref name="on"/>, with the
    /// sender's id <paramref name="eventId"/>. A referral opens the review whose id is <paramref name="eventId"/>.
    /// </summary>
    public static object Make(string name, Guid id, DateOnly on, Guid eventId, ReviewState? review = null)
    {
        var delivery = review?.Deliveries.FirstOrDefault(d => d.Status == DeliveryStatus.Requested) ?? review?.Deliveries.FirstOrDefault();
        var deadline = review?.Deadlines.OrderBy(d => d.DueOn).FirstOrDefault(d => d.Status == DeadlineStatus.Open)
            ?? review?.Deadlines.OrderBy(d => d.DueOn).FirstOrDefault();
        var openAction = review?.LearningActions.FirstOrDefault(a => a.Status != LearningActionStatus.Completed);
        var awaited = review?.AgencyRequests.FirstOrDefault(r => r.ReturnedOn is null)?.Agency ?? "Health visiting";
        var proceeding = review?.Proceedings.FirstOrDefault(p => p.ConcludedOn is null)?.ProceedingId ?? Guid.NewGuid();
        var publishOn = review?.PublishOn ?? on.AddDays(30);
        return name switch
        {
            nameof(ReferralSubmitted) => ReviewDriver.Referral("warrington", ReviewRoute.LocalAuthorityNotification, eventId),
            nameof(SeriousIncidentNotified) => new SeriousIncidentNotified(id, on, eventId),
            nameof(LookedAfterChildDeathReported) => new LookedAfterChildDeathReported(id, on, eventId),
            nameof(NationalPanelAcknowledged) => new NationalPanelAcknowledged(id, on, on.AddDays(14), eventId),
            nameof(TriageRecommendationMade) => new TriageRecommendationMade(id, on, PartnerDecision.RapidReview, "The criteria for a Rapid Review appear to be met.", eventId),
            nameof(PartnerDecisionRecorded) => new PartnerDecisionRecorded(id, on, StatutoryPartner.Icb, PartnerDecision.RapidReview, "Criteria met.", eventId),
            nameof(InformationRequestsSent) => new InformationRequestsSent(id, on, ["Police", "Health visiting"], on.AddDays(9), eventId),
            nameof(AgencyInformationReturned) => new AgencyInformationReturned(id, on, awaited, false, eventId),
            nameof(RapidReviewMeetingScheduled) => new RapidReviewMeetingScheduled(id, on, on.AddDays(10), eventId),
            nameof(RapidReviewMeetingHeld) => new RapidReviewMeetingHeld(id, on, ReviewDriver.FullMeeting, eventId),
            nameof(RapidReviewReportDrafted) => new RapidReviewReportDrafted(id, on, eventId),
            nameof(RapidReviewReportEndorsed) => new RapidReviewReportEndorsed(id, on, ReviewDriver.AllPartners, eventId),
            nameof(RapidReviewOutcomeDecided) => new RapidReviewOutcomeDecided(id, on, RapidReviewOutcome.LocalReview, "Learning for the partnership.", eventId),
            nameof(NationalPanelResponded) => new NationalPanelResponded(id, on, true, false, eventId),
            nameof(CsprCommissioned) => new CsprCommissioned(id, on, eventId),
            nameof(LeadReviewerAppointed) => new LeadReviewerAppointed(id, on, "Dr Independent", false, eventId),
            nameof(TermsOfReferenceAgreed) => new TermsOfReferenceAgreed(id, on, eventId),
            nameof(FamilyEngagementRecorded) => new FamilyEngagementRecorded(id, on, true, false, "The family declined to take part.", eventId),
            nameof(ParallelProceedingRecorded) => new ParallelProceedingRecorded(id, on, Guid.NewGuid(), ParallelProceedingKind.Inquest, false, eventId),
            nameof(ParallelProceedingConcluded) => new ParallelProceedingConcluded(id, on, proceeding, eventId),
            nameof(DelayReported) => new DelayReported(id, on, "The inquest has been adjourned.", on.AddMonths(3), eventId),
            nameof(FinalReportSignedOff) => new FinalReportSignedOff(id, on, eventId),
            nameof(PublicationScheduled) => new PublicationScheduled(id, on, on.AddDays(30), false, eventId),
            nameof(ReportDocumentAttached) => new ReportDocumentAttached(id, on, ReportDocumentKind.FinalReport, ReviewDriver.Report, eventId),
            nameof(DecisionNotToPublish) => new DecisionNotToPublish(id, on, "Publication would identify the surviving siblings.", eventId),
            nameof(ReportPublished) => new ReportPublished(id, on, new Uri("https://example.org/cspr.pdf"), publishOn, eventId),
            nameof(ActionPlanAgreed) => new ActionPlanAgreed(id, on,
                [new LearningAction("R1.1", "Publish a seven-minute briefing on the learning.", "Partnership", on.AddMonths(3))], eventId),
            nameof(LearningActionCompleted) => new LearningActionCompleted(id, on, openAction?.ActionId ?? "A1", eventId),
            nameof(LearningActionExtended) => new LearningActionExtended(id, on, openAction?.ActionId ?? "A1",
                (openAction?.DueOn ?? on).AddDays(60), "Chief Officer", eventId),
            nameof(ReviewClosed) => new ReviewClosed(id, on, "The partners agreed that no further work is needed.", eventId),
            nameof(StatutoryNotificationSent) => new StatutoryNotificationSent(id, on, delivery?.IdempotencyKey ?? "no-such-key",
                delivery?.Kind.ToString() ?? "FinalReportCopy", delivery?.Recipient.ToString() ?? "Ofsted", eventId),
            nameof(StatutoryNotificationFailed) => new StatutoryNotificationFailed(id, on, delivery?.IdempotencyKey ?? "no-such-key",
                delivery?.Kind.ToString() ?? "FinalReportCopy", delivery?.Recipient.ToString() ?? "Ofsted", false, "451 mailbox temporarily unavailable", eventId),
            nameof(DeliveryRetryRequested) => new DeliveryRetryRequested(id, on,
                review?.Deliveries.FirstOrDefault(d => d.Status is DeliveryStatus.Failed or DeliveryStatus.DeadLettered)?.IdempotencyKey ?? "no-such-key",
                "Jo Operator", "The gateway is back.", eventId),
            nameof(PublicationCleared) => new PublicationCleared(id, on, publishOn, eventId),
            nameof(PublicationBlocked) => new PublicationBlocked(id, on, publishOn, "The regulators' copies cannot go in time.", null, eventId),
            nameof(DeadlineApproaching) => new DeadlineApproaching(id, on, deadline?.Id ?? Guid.NewGuid(), deadline?.Rule ?? "N5", deadline?.DueOn ?? on, false, eventId),
            nameof(DeadlineMissed) => new DeadlineMissed(id, on, deadline?.Id ?? Guid.NewGuid(), deadline?.Rule ?? "N5", deadline?.DueOn ?? on, false, eventId),
            nameof(BankHolidaysChanged) => new BankHolidaysChanged(id, on, 0, "State funeral announced", [on], [], eventId),
            nameof(PersonalDataErased) => new PersonalDataErased(id, on, "request", "Jo Administrator", eventId),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such review event."),
        };
    }
}
