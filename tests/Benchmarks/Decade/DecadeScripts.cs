using Orchestration.Benchmarks.Saga;
using Orchestration.Contracts;

namespace Orchestration.Benchmarks.Decade;

/// <summary>One event of a simulated review, on the day it happens.</summary>
public sealed record ScheduledEvent(DateOnly On, object Event);

/// <summary>
/// The life of one simulated review, from its referral to the last learning action, on Warrington's procedure
/// (every simulated partnership follows it): a local authority notification, the Rapid Review, then either a local
/// CSPR to sign-off and a decision not to publish, or no further review; an action plan, and its actions completed.
/// Some reviews run late, so the ledger has deadlines missed as well as met: the local authority's notification, an
/// agency's return, the Rapid Review's meeting, the CSPR's report and some learning actions come after their due dates in
/// the proportions set here; the rest come on time, the advisors' recommendation included.
/// </summary>
public static class DecadeScripts
{
    /// <summary>Share of Rapid Reviews that lead to a local CSPR (the rest: no further review).</summary>
    public const double LocalReviewShare = 0.45;

    /// <summary>Share of serious incident notifications sent after the five working days allowed (N2).</summary>
    public const double LateNotificationShare = 0.05;

    /// <summary>Share of agency returns (health visiting's) after the nine working days Warrington allows.</summary>
    public const double LateReturnShare = 0.10;

    /// <summary>Share of reviews whose Rapid Review runs three weeks late.</summary>
    public const double LateRapidReviewShare = 0.10;

    /// <summary>Share of CSPRs signed off about three months after the six months allowed.</summary>
    public const double LateCsprShare = 0.25;

    /// <summary>Share of learning actions completed a month after their due date.</summary>
    public const double LateActionShare = 0.15;

    private static readonly DocumentReference Report = new(new string('b', 64), "cspr-final-report.pdf", "application/pdf", 2048);

    /// <summary>The events of review <paramref name="reviewId"/> of <paramref name="partnership"/>, received on <paramref name="receivedOn"/>.</summary>
    public static List<ScheduledEvent> For(Guid reviewId, string partnership, DateOnly receivedOn, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var events = new List<ScheduledEvent>();
        void At(int day, object e) => events.Add(new ScheduledEvent(receivedOn.AddDays(day), e));

        var late = random.NextDouble() < LateRapidReviewShare ? 21 : 0;
        At(0, ReviewScripts.Referral(reviewId, partnership, receivedOn: receivedOn));
        var notified = random.NextDouble() < LateNotificationShare ? 9 : 2;
        At(notified, new SeriousIncidentNotified(reviewId, receivedOn.AddDays(notified), Guid.NewGuid()));
        At(1, new InformationRequestsSent(reviewId, receivedOn.AddDays(1), ["Police", "Health visiting"], receivedOn.AddDays(11), Guid.NewGuid()));
        At(1, new RapidReviewMeetingScheduled(reviewId, receivedOn.AddDays(1), receivedOn.AddDays(14 + late), Guid.NewGuid()));
        At(1, new TriageRecommendationMade(reviewId, receivedOn.AddDays(1), PartnerDecision.RapidReview, "Serious harm and abuse suspected.", Guid.NewGuid()));
        At(4, new AgencyInformationReturned(reviewId, receivedOn.AddDays(4), "Police", false, Guid.NewGuid()));
        var returned = random.NextDouble() < LateReturnShare ? 16 : 8;
        At(returned, new AgencyInformationReturned(reviewId, receivedOn.AddDays(returned), "Health visiting", false, Guid.NewGuid()));
        At(14 + late, new RapidReviewMeetingHeld(reviewId, receivedOn.AddDays(14 + late), ReviewScripts.FullMeeting, Guid.NewGuid()));
        At(15 + late, new RapidReviewReportDrafted(reviewId, receivedOn.AddDays(15 + late), Guid.NewGuid()));
        At(16 + late, new RapidReviewReportEndorsed(reviewId, receivedOn.AddDays(16 + late), ReviewScripts.AllPartners, Guid.NewGuid()));
        var local = random.NextDouble() < LocalReviewShare;
        At(17 + late, new RapidReviewOutcomeDecided(reviewId, receivedOn.AddDays(17 + late),
            local ? RapidReviewOutcome.LocalReview : RapidReviewOutcome.NoFurtherReview,
            local ? "Learning for the partnership." : "The Rapid Review identified the learning.", Guid.NewGuid()));
        At(31 + late, new NationalPanelResponded(reviewId, receivedOn.AddDays(31 + late), true, false, Guid.NewGuid()));
        var planDay = 40 + late;
        if (local)
        {
            var c = 35 + late;
            var overrun = random.NextDouble() < LateCsprShare ? 90 : 0;
            At(c, new CsprCommissioned(reviewId, receivedOn.AddDays(c), Guid.NewGuid()));
            At(c + 7, new LeadReviewerAppointed(reviewId, receivedOn.AddDays(c + 7), "Dr Independent", false, Guid.NewGuid()));
            At(c + 15, new TermsOfReferenceAgreed(reviewId, receivedOn.AddDays(c + 15), Guid.NewGuid()));
            At(c + 21, new FamilyEngagementRecorded(reviewId, receivedOn.AddDays(c + 21), true, true, null, Guid.NewGuid()));
            At(c + 150 + overrun, new ReportDocumentAttached(reviewId, receivedOn.AddDays(c + 150 + overrun), ReportDocumentKind.FinalReport, Report, Guid.NewGuid()));
            At(c + 155 + overrun, new FinalReportSignedOff(reviewId, receivedOn.AddDays(c + 155 + overrun), Guid.NewGuid()));
            At(c + 165 + overrun, new DecisionNotToPublish(reviewId, receivedOn.AddDays(c + 165 + overrun), "Publication would identify the surviving siblings.", Guid.NewGuid()));
            planDay = c + 170 + overrun;
        }

        var actions = local ? 3 : 2;
        var plan = new List<LearningAction>();
        for (var a = 1; a <= actions; a++)
        {
            plan.Add(new LearningAction($"A{a}", $"Learning action {a}", a % 2 == 0 ? "Police" : "Children's Social Care", receivedOn.AddDays(planDay + (90 * a))));
        }

        At(planDay, new ActionPlanAgreed(reviewId, receivedOn.AddDays(planDay), plan, Guid.NewGuid()));
        foreach (var action in plan)
        {
            var done = action.DueOn.AddDays(random.NextDouble() < LateActionShare ? 30 : -random.Next(1, 20));
            events.Add(new ScheduledEvent(done, new LearningActionCompleted(reviewId, done, action.ActionId, Guid.NewGuid())));
        }

        // In order of their days; the completions may overtake each other.
        return [.. events.OrderBy(e => e.On)];
    }
}
