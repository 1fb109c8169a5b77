using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>
/// Warrington (seed 000) end to end through the HTTP API on the embedded default: a local authority
/// notification through a quorate Rapid Review to a local CSPR, publication and the action plan; and an
/// agency referral the advisors and then the partners decide.
/// </summary>
public class WarringtonReviewTests : ReviewScenario
{
    [Fact]
    public async Task A_notification_runs_from_Rapid_Review_to_a_published_local_CSPR_and_closes_when_the_actions_are_done()
    {
        // Friday 18 December 2026, aware on the 17th: the Christmas and New Year bank holidays fall in the count.
        var review = await Client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        var id = review.Id;
        Assert.Equal("RapidReview", review.State);
        Assert.Equal(new DateOnly(2026, 12, 18), review.KeyDates.RouteDecided);
        ReviewAssert.Due(review, "N2", "2026-12-24", "open");
        ReviewAssert.Due(review, "N5", "2027-01-13", "open");
        ReviewAssert.Due(review, "warrington:agency-returns", "2027-01-05", "open");
        ReviewAssert.Due(review, "warrington:rapid-review-meeting", "2027-01-11", "open");
        Assert.Equal(new DateOnly(2027, 1, 6), ReviewAssert.Deadline(review, "warrington:rapid-review-meeting").OpensOn);
        Assert.Contains("skipping 25 Dec 2026 (Christmas Day), 28 Dec 2026 (Boxing Day), 1 Jan 2027 (New Year’s Day)", ReviewAssert.Deadline(review, "N5").Derivation, StringComparison.Ordinal);

        review = await Client.Apply(id, "SeriousIncidentNotified", new { occurredOn = "2026-12-22" });
        ReviewAssert.Due(review, "N2", "2026-12-24", "met");
        review = await Client.Apply(id, "TriageRecommendationMade", new { occurredOn = "2026-12-21", recommendation = "RapidReview", reason = "Methodology: standard Rapid Review." });
        ReviewAssert.Due(review, "warrington:advisors-recommendation", "2026-12-21", "met");

        review = await Client.Apply(id, "InformationRequestsSent", new { occurredOn = "2026-12-23", agencies = new[] { "Police", "Health visiting" }, dueOn = "2027-01-05" });
        ReviewAssert.Due(review, "warrington:information-requests", "2026-12-23", "met");
        var requests = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "InformationRequest", count: 2);
        Assert.All(requests, c => Assert.Equal("Agencies", c.RecipientRole));
        Assert.Equal(new[] { "Health visiting", "Police" }, requests.Select(c => c.Facts!["agency"]).Order());

        review = await Client.Apply(id, "RapidReviewMeetingScheduled", new { occurredOn = "2026-12-23", scheduledFor = "2027-01-08" });
        ReviewAssert.Due(review, "warrington:meeting-invitations", "2026-12-23", "met");
        await Client.Apply(id, "AgencyInformationReturned", new { occurredOn = "2027-01-04", agency = "Police", noRecords = false });
        review = await Client.Apply(id, "AgencyInformationReturned", new { occurredOn = "2027-01-06", agency = "Health visiting", noRecords = true });
        var returns = ReviewAssert.Deadline(review, "warrington:agency-returns");
        Assert.Equal(("missed", new DateOnly(2027, 1, 6)), (returns.Status, returns.MetOn));
        Assert.True(review.AgencyRequests.Single(r => r.Agency == "Health visiting").NoRecords);

        // Without the ICB the meeting is not quorate (000 §3.4.3): recorded, but it is not the Rapid Review meeting.
        review = await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = "2027-01-07", attendees = Referrals.FullMeeting().Where((_, i) => i != 2).ToArray() });
        Assert.False(review.Meetings.Single().Quorate);
        Assert.Null(review.KeyDates.Meeting);
        var refused = await Client.Refuse(id, "RapidReviewReportDrafted", new { occurredOn = "2027-01-07" });
        Assert.Equal("RapidReview", (string?)refused["currentState"]);
        Assert.Contains("RapidReviewMeetingHeld", refused["acceptedEvents"]!.AsArray().Select(e => (string?)e));
        Assert.Contains("no quorate Rapid Review meeting", (string?)refused["detail"], StringComparison.Ordinal);

        review = await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = "2027-01-08", attendees = Referrals.FullMeeting() });
        Assert.Equal(new DateOnly(2027, 1, 8), review.KeyDates.Meeting);
        ReviewAssert.Due(review, "warrington:rapid-review-meeting", "2027-01-11", "met");
        ReviewAssert.Due(review, "warrington:rapid-review-report", "2027-01-11", "open");
        review = await Client.Apply(id, "RapidReviewReportDrafted", new { occurredOn = "2027-01-11" });
        ReviewAssert.Due(review, "warrington:rapid-review-report", "2027-01-11", "met");

        await Client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = "2027-01-12", endorsedBy = new[] { "LocalAuthority", "Police" } });
        await Client.Refuse(id, "RapidReviewOutcomeDecided", new { occurredOn = "2027-01-12", outcome = "LocalReview", reason = "Learning for the partnership." });
        await Client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = "2027-01-12", endorsedBy = new[] { "Icb" } });
        review = await Client.Apply(id, "RapidReviewOutcomeDecided", new { occurredOn = "2027-01-12", outcome = "LocalReview", reason = "Learning for the partnership." });
        Assert.Equal("RapidReviewSubmitted", review.State);
        ReviewAssert.Due(review, "N5", "2027-01-13", "met");
        ReviewAssert.Due(review, "N7", "2027-07-12", "open");
        var toPanel = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "RapidReviewOutcome" && c.RecipientRole == "NationalPanel");
        Assert.Equal(("N5", "warrington"), (toPanel.Single().Rule, toPanel.Single().Partnership));
        await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "ReviewOutcome" && c.RecipientRole == "Referrer");

        review = await Client.Apply(id, "NationalPanelResponded", new { occurredOn = "2027-02-01", agreesWithOutcome = true, nationalReview = false });
        Assert.Equal("LocalReview", review.State);
        review = await Client.Apply(id, "CsprCommissioned", new { occurredOn = "2027-02-03" });
        Assert.Equal(new DateOnly(2027, 2, 3), review.KeyDates.Commissioned);

        // A declared conflict blocks the appointment (N16) until a reviewer without one is appointed.
        review = await Client.Apply(id, "LeadReviewerAppointed", new { occurredOn = "2027-02-10", reviewerName = "R. Conflicted", conflictOfInterestDeclared = true });
        Assert.True(review.LeadReviewer!.ConflictDeclared);
        Assert.Null(review.LeadReviewer.AppointedOn);
        await Client.Apply(id, "TermsOfReferenceAgreed", new { occurredOn = "2027-02-20" });
        await Client.Apply(id, "FamilyEngagementRecorded", new { occurredOn = "2027-02-24", invited = true, participated = true });
        var blocked = await Client.Refuse(id, "FinalReportSignedOff", new { occurredOn = "2027-05-20" });
        Assert.Contains("without a conflict of interest", (string?)blocked["detail"], StringComparison.Ordinal);
        review = await Client.Apply(id, "LeadReviewerAppointed", new { occurredOn = "2027-02-17", reviewerName = "Dr Independent", conflictOfInterestDeclared = false });
        Assert.Equal(new DateOnly(2027, 2, 17), review.LeadReviewer!.AppointedOn);
        var named = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "CsprCommissioned", count: 3);
        Assert.Equal(new[] { "NationalPanel", "Ofsted", "SecretaryOfState" }, named.Select(c => c.RecipientRole).Order());
        Assert.All(named, c => Assert.Equal(("N9", "Dr Independent"), (c.Rule, c.Facts!["leadReviewer"])));

        var prosecution = Guid.NewGuid();
        await Client.Apply(id, "ParallelProceedingRecorded", new { occurredOn = "2027-03-01", proceedingId = prosecution, kind = "Prosecution", holdsPublication = true });
        await Client.AttachReport(id, "2027-05-20");
        review = await Client.Apply(id, "FinalReportSignedOff", new { occurredOn = "2027-05-20" });
        Assert.Equal("PublicationPending", review.State);

        var held = await Client.Refuse(id, "PublicationScheduled", new { occurredOn = "2027-06-01", publishOn = "2027-07-01", learningOnly = false });
        Assert.Contains("held by a parallel proceeding (Prosecution, N17)", (string?)held["detail"], StringComparison.Ordinal);
        await Client.Apply(id, "ParallelProceedingConcluded", new { occurredOn = "2027-06-01", proceedingId = prosecution });

        // 8 June 2027 would need the copies by 27 May (7 WD back over the 31 May bank holiday): too late on 1 June.
        var tooSoon = await Client.Refuse(id, "PublicationScheduled", new { occurredOn = "2027-06-01", publishOn = "2027-06-08", learningOnly = false });
        Assert.Equal("2027-06-10", (string?)tooSoon["earliestCompliantPublicationDate"]);
        review = await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-06-01", publishOn = "2027-07-01", learningOnly = false });
        ReviewAssert.Due(review, "N10", "2027-06-22", "open");
        var copies = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "FinalReportCopy", count: 3);
        Assert.All(copies, c => Assert.Equal(new DateOnly(2027, 6, 22), c.DueOn));
        var refusedPublication = await Client.Refuse(id, "ReportPublished", new { occurredOn = "2027-06-01", url = "https://example.org/cspr.pdf", publishedOn = "2027-06-01" });
        Assert.Equal("PublicationPending", (string?)refusedPublication["currentState"]);

        // The workers report the copies sent (bus only); the duty of N10 is met by the last of them.
        var endpoint = Factory.Services.GetRequiredService<IBus>();
        foreach (var copy in copies)
        {
            await endpoint.Publish(new StatutoryNotificationSent(id, new DateOnly(2027, 6, 15), copy.IdempotencyKey, copy.NotificationKind, copy.RecipientRole));
        }

        review = await Client.Eventually(id, r => r.Deadlines.Single(d => d.Rule == "N10").Status == "met");
        Assert.Equal(new DateOnly(2027, 6, 15), ReviewAssert.Deadline(review, "N10").MetOn);
        Assert.All(review.Deliveries.Where(d => d.Kind.ToString() == "FinalReportCopy"), d => Assert.Equal("sent", d.Status));

        review = await Client.Apply(id, "ReportPublished", new { occurredOn = "2027-07-01", url = "https://example.org/cspr.pdf", publishedOn = "2027-07-01" });
        Assert.Equal("Published", review.State);
        ReviewAssert.Due(review, "N7", "2027-07-12", "met");
        Assert.Equal(new DateOnly(2028, 7, 1), review.KeyDates.AvailableUntil);
        var nspcc = await Bus.WaitFor<SubmitToNspccRepository>(c => c.ReviewId == id);
        Assert.Equal(new Uri("https://example.org/cspr.pdf"), nspcc.Single().ReportUrl);

        review = await Client.Apply(id, "ActionPlanAgreed", new
        {
            occurredOn = "2027-07-05",
            actions = new[]
            {
                new { actionId = "A1", description = "Refresh multi-agency training on bruising in non-mobile babies.", ownerAgency = "Partnership", dueOn = "2027-10-29" },
                new { actionId = "A2", description = "Audit information sharing at the front door.", ownerAgency = "Police", dueOn = "2027-12-17" },
            },
        });
        Assert.Equal("LearningMonitoring", review.State);
        var a1 = Assert.Single(review.Deadlines, d => d.Rule == "N18" && d.Subject == "A1");
        Assert.Equal((new DateOnly(2027, 10, 29), "open"), (a1.DueOn, a1.Status));
        await Client.Apply(id, "LearningActionCompleted", new { occurredOn = "2027-10-20", actionId = "A1" });
        review = await Client.Apply(id, "LearningActionCompleted", new { occurredOn = "2027-12-20", actionId = "A2" });
        Assert.Equal("Closed", review.State);
        Assert.Equal(new[] { "met", "missed" }, review.Deadlines.Where(d => d.Rule == "N18").OrderBy(d => d.DueOn).Select(d => d.Status));

        var timeline = await Client.Timeline(id);
        Assert.Equal(review.TimelineLength, timeline.Count);
        Assert.Equal(Enumerable.Range(1, timeline.Count), timeline.Select(t => t.Sequence));
        Assert.Equal(6, timeline.Count(t => t.Outcome == "rejected"));
        Assert.DoesNotContain(timeline, t => t.Detail.Contains(Referrals.ChildName, StringComparison.Ordinal));
        Assert.Equal(6, Bus.All<ReviewEventRejected>().Count(r => r.ReviewId == id));
    }

    [Fact]
    public async Task An_agency_referral_waits_for_the_advisors_then_the_three_partners()
    {
        var review = await Client.Open(Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-02-26"));
        var id = review.Id;
        Assert.Equal("AwaitingDecision", review.State);
        ReviewAssert.Due(review, "warrington:partners-decision", "2027-03-03", "open");
        ReviewAssert.Due(review, "warrington:referral-to-business-unit", "2027-03-01", "met");

        var early = await Client.Refuse(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-01", partner = "Police", decision = "RapidReview", reason = "Criteria met." });
        Assert.Contains("must recommend before the partners decide", (string?)early["detail"], StringComparison.Ordinal);
        await Client.Apply(id, "TriageRecommendationMade", new { occurredOn = "2027-03-02", recommendation = "RapidReview", reason = "Criteria appear met." });
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-02", partner = "Police", decision = "RapidReview", reason = "Criteria met." });
        Assert.Equal("AwaitingDecision", review.State);
        await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-02", partner = "Icb", decision = "RapidReview", reason = "Criteria met." });
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-03", partner = "LocalAuthority", decision = "NoRapidReview", reason = "Single-agency learning." });
        Assert.Equal("AwaitingDecision", review.State);
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-03", partner = "LocalAuthority", decision = "RapidReview", reason = "Agreed after discussion." });
        Assert.Equal("RapidReview", review.State);
        Assert.Equal(new DateOnly(2027, 3, 3), review.KeyDates.RouteDecided);
        ReviewAssert.Due(review, "warrington:partners-decision", "2027-03-03", "met");
    }

    [Fact]
    public async Task Partners_who_decide_against_a_Rapid_Review_close_the_review_and_cancel_its_deadlines()
    {
        var review = await Client.Open(Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01"));
        var id = review.Id;
        await Client.Apply(id, "TriageRecommendationMade", new { occurredOn = "2027-03-02", recommendation = "NoRapidReview", reason = "Criteria not met." });
        foreach (var partner in new[] { "LocalAuthority", "Police", "Icb" })
        {
            review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-02", partner, decision = "NoRapidReview", reason = "Criteria not met." });
        }

        Assert.Equal("Closed", review.State);
        Assert.DoesNotContain(review.Deadlines, d => d.Status == "open");
        Assert.Contains(review.Deadlines, d => d.Status == "cancelled" && d.Rule == "N5");
        await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "ReviewOutcome" && c.RecipientRole == "Referrer");
    }
}
