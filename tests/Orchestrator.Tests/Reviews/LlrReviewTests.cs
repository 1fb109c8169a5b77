using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>
/// Leicester, Leicestershire and Rutland (seed 002) end to end through the HTTP API: a local authority
/// notification through a Rapid Review quorate under §4.6.1 to a local CSPR that is delayed and then not
/// published; and an agency referral the Case Review Group considers within its monthly timescales.
/// </summary>
public class LlrReviewTests : ReviewScenario
{
    [Fact]
    public async Task A_notification_runs_a_Rapid_Review_quorate_with_two_partners_to_a_local_CSPR_that_is_delayed_and_then_not_published()
    {
        // Wednesday 19 May 2027, aware on the 18th; the Spring bank holiday (Mon 31 May) is skipped.
        var review = await Client.Open(Referrals.Complete("llr", "LocalAuthorityNotification", "2027-05-19", "2027-05-18"));
        var id = review.Id;
        Assert.Equal("RapidReview", review.State);

        // From receipt: WD2 Fri 21 May, WD7 Fri 28 May, WD10 Thu 3 Jun, WD13 Tue 8 Jun, WD15 Thu 10 Jun
        // (20, 21, 24-28 May, 1-4, 7-10 Jun).
        ReviewAssert.Due(review, "llr:information-requests", "2027-05-21", "open");
        ReviewAssert.Due(review, "llr:agency-information-returned", "2027-06-03", "open");
        ReviewAssert.Due(review, "llr:rapid-review-meeting", "2027-06-08", "open");
        Assert.Equal(new DateOnly(2027, 5, 28), ReviewAssert.Deadline(review, "llr:rapid-review-meeting").OpensOn);
        ReviewAssert.Due(review, "N5", "2027-06-10", "open");
        Assert.Contains("skipping 31 May 2027 (Spring bank holiday)", ReviewAssert.Deadline(review, "N5").Derivation, StringComparison.Ordinal);

        // From awareness on Tue 18 May: N2's 5 WD end Tue 25 May; §4.2.2's 15 WD end Wed 9 Jun, a day before N5.
        ReviewAssert.Due(review, "N2", "2027-05-25", "open");
        ReviewAssert.Due(review, "llr:rapid-review-completed", "2027-06-09", "open");
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "llr:decision-ratified" || d.Rule.StartsWith("llr:case-review-group", StringComparison.Ordinal));

        review = await Client.Apply(id, "SeriousIncidentNotified", new { occurredOn = "2027-05-19" });
        ReviewAssert.Due(review, "N2", "2027-05-25", "met");

        review = await Client.Apply(id, "InformationRequestsSent", new { occurredOn = "2027-05-21", agencies = new[] { "Police", "Health visiting", "School" }, dueOn = "2027-06-03" });
        ReviewAssert.Due(review, "llr:information-requests", "2027-05-21", "met");
        var requests = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "InformationRequest", count: 3);
        Assert.All(requests, c => Assert.Equal(("Agencies", "llr", "2027-06-03"), (c.RecipientRole, c.Partnership, c.Facts!["dueOn"])));
        await Client.Apply(id, "RapidReviewMeetingScheduled", new { occurredOn = "2027-05-21", scheduledFor = "2027-06-07" });

        await Client.Apply(id, "AgencyInformationReturned", new { occurredOn = "2027-05-28", agency = "Police", noRecords = false });
        await Client.Apply(id, "AgencyInformationReturned", new { occurredOn = "2027-06-02", agency = "Health visiting", noRecords = false });
        review = await Client.Apply(id, "AgencyInformationReturned", new { occurredOn = "2027-06-03", agency = "School", noRecords = false });
        ReviewAssert.Due(review, "llr:agency-information-returned", "2027-06-03", "met");

        // Three representatives but only one safeguarding partner: not quorate under 002 §4.6.1.
        review = await Client.Apply(id, "RapidReviewMeetingHeld", new
        {
            occurredOn = "2027-06-04",
            attendees = new object[]
            {
                new { name = "Case Review Group Chair", agency = "Leicester City Council", partner = "LocalAuthority" },
                new { name = "Designated Safeguarding Lead", agency = "School", partner = (string?)null },
                new { name = "Health Visitor", agency = "Leicestershire Partnership NHS Trust", partner = (string?)null },
            },
        });
        var first = Assert.Single(review.Meetings);
        Assert.Equal((3, false), (first.Attendees, first.Quorate));
        Assert.Equal(new[] { StatutoryPartner.LocalAuthority }, first.PartnersPresent);
        Assert.Null(review.KeyDates.Meeting);
        ReviewAssert.Due(review, "llr:rapid-review-meeting", "2027-06-08", "open");
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "llr:decision-ratified");
        Assert.Contains("not quorate (002 §4.6.1)", (await Client.Timeline(id))[^1].Detail, StringComparison.Ordinal);
        var notYet = await Client.Refuse(id, "RapidReviewReportDrafted", new { occurredOn = "2027-06-04" });
        Assert.Equal("RapidReview", (string?)notYet["currentState"]);
        Assert.Contains("no quorate Rapid Review meeting", (string?)notYet["detail"], StringComparison.Ordinal);

        // Two of the three partners and one other agency: quorate, though the ICB is absent.
        review = await Client.Apply(id, "RapidReviewMeetingHeld", new
        {
            occurredOn = "2027-06-07",
            attendees = new object[]
            {
                new { name = "Case Review Group Chair", agency = "Leicester City Council", partner = "LocalAuthority" },
                new { name = "DI Example", agency = "Leicestershire Police", partner = "Police" },
                new { name = "Designated Safeguarding Lead", agency = "School", partner = (string?)null },
            },
        });
        Assert.Equal(new[] { false, true }, review.Meetings.Select(m => m.Quorate));
        Assert.Equal(new DateOnly(2027, 6, 7), review.KeyDates.Meeting);
        ReviewAssert.Due(review, "llr:rapid-review-meeting", "2027-06-08", "met");

        // Ratification between WD 1 and 2 after the meeting on Mon 7 Jun: opens Tue 8, due Wed 9 June.
        ReviewAssert.Due(review, "llr:decision-ratified", "2027-06-09", "open");
        Assert.Equal(new DateOnly(2027, 6, 8), ReviewAssert.Deadline(review, "llr:decision-ratified").OpensOn);

        await Client.Apply(id, "RapidReviewReportDrafted", new { occurredOn = "2027-06-07" });
        review = await Client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = "2027-06-08", endorsedBy = new[] { "LocalAuthority", "Police" } });
        ReviewAssert.Due(review, "llr:decision-ratified", "2027-06-09", "open");
        var unratified = await Client.Refuse(id, "RapidReviewOutcomeDecided", new { occurredOn = "2027-06-08", outcome = "LocalReview", reason = "National and local learning." });
        Assert.Contains("not endorsed by Icb", (string?)unratified["detail"], StringComparison.Ordinal);
        review = await Client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = "2027-06-09", endorsedBy = new[] { "Icb" } });
        ReviewAssert.Due(review, "llr:decision-ratified", "2027-06-09", "met");

        review = await Client.Apply(id, "RapidReviewOutcomeDecided", new { occurredOn = "2027-06-09", outcome = "LocalReview", reason = "National and local learning about neglect of a disabled child." });
        Assert.Equal("RapidReviewSubmitted", review.State);
        Assert.Equal(new DateOnly(2027, 6, 9), review.KeyDates.Decision);
        ReviewAssert.Due(review, "N5", "2027-06-10", "met");
        ReviewAssert.Due(review, "llr:rapid-review-completed", "2027-06-09", "met");

        // N7: six calendar months from the decision of Wed 9 June 2027.
        ReviewAssert.Due(review, "N7", "2027-12-09", "open");
        var toPanel = Assert.Single(await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "RapidReviewOutcome"));
        Assert.Equal(("NationalPanel", "N5", "LocalReview"), (toPanel.RecipientRole, toPanel.Rule, toPanel.Facts!["outcome"]));

        // Agencies, the referrer (§4.8.2) and the Independent Advisor (§4.7.5) hear the outcome; 5 WD from 9 June is 16 June.
        var told = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "ReviewOutcome", count: 3);
        Assert.Equal(new[] { "Agencies", "IndependentScrutiny", "Referrer" }, told.Select(c => c.RecipientRole).Order(StringComparer.Ordinal));
        Assert.All(told, c => Assert.Equal(new DateOnly(2027, 6, 16), c.DueOn));

        review = await Client.Apply(id, "NationalPanelResponded", new { occurredOn = "2027-07-02", agreesWithOutcome = true, nationalReview = false });
        Assert.Equal("LocalReview", review.State);
        await Client.Apply(id, "CsprCommissioned", new { occurredOn = "2027-07-05" });
        await Client.Apply(id, "LeadReviewerAppointed", new { occurredOn = "2027-07-12", reviewerName = "Dr Independent", conflictOfInterestDeclared = false });
        await Client.Apply(id, "TermsOfReferenceAgreed", new { occurredOn = "2027-07-19" });
        await Client.Apply(id, "FamilyEngagementRecorded", new { occurredOn = "2027-07-26", invited = true, participated = true });

        // The police ask the review to wait before involving key individuals (002 §3.1.3): publication will miss 9 December.
        review = await Client.Apply(id, "DelayReported", new
        {
            occurredOn = "2027-09-15",
            reason = "The police asked the review not to involve key individuals until charging decisions are made.",
            expectedPublicationOn = "2028-01-04",
        });
        Assert.Equal(new DelayRecord(new DateOnly(2027, 9, 15), new DateOnly(2028, 1, 4)), Assert.Single(review.Delays));
        var delay = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "PublicationDelay", count: 2);
        Assert.Equal(new[] { "NationalPanel", "SecretaryOfState" }, delay.Select(c => c.RecipientRole).Order(StringComparer.Ordinal));
        Assert.All(delay, c => Assert.Equal(("N8", new DateOnly(2027, 9, 15), "2028-01-04"), (c.Rule, c.DueOn, c.Facts!["expectedPublicationOn"])));
        Assert.Contains("charging decisions", delay[0].Facts!["reason"], StringComparison.Ordinal);

        await Client.AttachReport(id, "2027-11-22");
        review = await Client.Apply(id, "FinalReportSignedOff", new { occurredOn = "2027-11-22" });
        Assert.Equal("PublicationPending", review.State);

        // Publication on Tue 4 Jan 2028 needs the copies 7 WD before it, back over 3 Jan, 28 and 27 Dec: Tue 21 Dec 2027.
        review = await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-11-29", publishOn = "2028-01-04", learningOnly = false });
        ReviewAssert.Due(review, "N10", "2027-12-21", "open");

        review = await Client.Apply(id, "DecisionNotToPublish", new
        {
            occurredOn = "2027-12-06",
            justification = "Publication would identify the surviving sibling; information about the improvements will be published instead.",
        });
        Assert.Equal("NotPublished", review.State);
        Assert.Equal(new DateOnly(2027, 12, 6), review.KeyDates.NotPublished);
        ReviewAssert.Due(review, "N7", "2027-12-09", "cancelled");
        ReviewAssert.Due(review, "N10", "2027-12-21", "cancelled");
        Assert.DoesNotContain(review.Deadlines, d => d.Status == "open");
        var notPublished = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "DecisionNotToPublish", count: 2);
        Assert.Equal(new[] { "NationalPanel", "SecretaryOfState" }, notPublished.Select(c => c.RecipientRole).Order(StringComparer.Ordinal));
        Assert.All(notPublished, c => Assert.Equal(("N11", new DateOnly(2027, 12, 6)), (c.Rule, c.DueOn)));

        var timeline = await Client.Timeline(id);
        Assert.Equal(review.TimelineLength, timeline.Count);
        Assert.Equal(new[] { "RapidReviewReportDrafted", "RapidReviewOutcomeDecided" }, timeline.Where(t => t.Outcome == "rejected").Select(t => t.Event));
    }

    [Fact]
    public async Task An_agency_referral_goes_to_the_Case_Review_Group_within_one_month_and_is_decided_within_two()
    {
        // Monday 31 January 2028: one month on is 31 February, clamped to Tuesday 29 February (a leap year); two months on is 31 March.
        var review = await Client.Open(Referrals.Complete("llr", "AgencyReferral", "2028-01-31", "2028-01-28"));
        var id = review.Id;
        Assert.Equal("AwaitingDecision", review.State);
        ReviewAssert.Due(review, "llr:case-review-group-first-consideration", "2028-02-29", "open");
        ReviewAssert.Due(review, "llr:case-review-group-decision", "2028-03-31", "open");
        Assert.StartsWith("1 month after 31 Jan 2028", ReviewAssert.Deadline(review, "llr:case-review-group-first-consideration").Derivation, StringComparison.Ordinal);
        Assert.DoesNotContain(review.Deadlines, d => d.Rule is "N2" or "llr:information-requests" or "llr:rapid-review-meeting");

        review = await Client.Apply(id, "TriageRecommendationMade", new { occurredOn = "2028-02-21", recommendation = "RapidReview", reason = "Considered at the February Case Review Group; agencies asked for information." });
        Assert.Equal("AwaitingDecision", review.State);
        ReviewAssert.Due(review, "llr:case-review-group-first-consideration", "2028-02-29", "met");
        ReviewAssert.Due(review, "llr:case-review-group-decision", "2028-03-31", "open");

        // Unlike Gloucestershire, a split does not decide: the group waits until the partners agree.
        await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2028-03-20", partner = "LocalAuthority", decision = "RapidReview", reason = "The CSPR criteria appear met." });
        await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2028-03-20", partner = "Police", decision = "RapidReview", reason = "The CSPR criteria appear met." });
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2028-03-20", partner = "Icb", decision = "NoRapidReview", reason = "Health learning is single-agency." });
        Assert.Equal("AwaitingDecision", review.State);
        Assert.Contains("the partners disagree", (await Client.Timeline(id))[^1].Detail, StringComparison.Ordinal);
        ReviewAssert.Due(review, "llr:case-review-group-decision", "2028-03-31", "open");

        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2028-03-22", partner = "Icb", decision = "RapidReview", reason = "Agreed after the collated summary was discussed." });
        Assert.Equal("RapidReview", review.State);
        Assert.Equal(new DateOnly(2028, 3, 22), review.KeyDates.RouteDecided);
        var decision = ReviewAssert.Deadline(review, "llr:case-review-group-decision");
        Assert.Equal(("met", new DateOnly(2028, 3, 22)), (decision.Status, decision.MetOn));
    }

    [Fact]
    public async Task An_event_dated_before_the_incident_became_known_is_refused_and_a_malformed_one_is_returned_unrecorded()
    {
        var review = await Client.Open(Referrals.Complete("llr", "AgencyReferral", "2028-01-31", "2028-01-28"));
        var id = review.Id;

        var early = await Client.Refuse(id, "PartnerDecisionRecorded", new { occurredOn = "2028-01-27", partner = "Police", decision = "RapidReview", reason = "Criteria met." });
        Assert.Equal("AwaitingDecision", (string?)early["currentState"]);
        Assert.Contains("before the review's incident became known on 28 Jan 2028", (string?)early["detail"], StringComparison.Ordinal);

        using (var noReason = await Client.Post(id, "PartnerDecisionRecorded", new { occurredOn = "2028-02-01", partner = "Police", decision = "RapidReview" }))
        {
            var errors = (await ReviewAssert.Malformed(noReason))["errors"]!.AsObject();
            Assert.Equal(new[] { "reason" }, errors.Select(e => e.Key));
        }

        using (var blankReason = await Client.Post(id, "PartnerDecisionRecorded", new { occurredOn = "2028-02-01", partner = "Police", decision = "RapidReview", reason = " " }))
        {
            Assert.True((await ReviewAssert.Malformed(blankReason))["errors"]!.AsObject().ContainsKey("reason"));
        }

        using (var unknownField = await Client.Post(id, "PartnerDecisionRecorded", new { occurredOn = "2028-02-01", partner = "Police", decision = "RapidReview", reason = "Criteria met.", vote = "yes" }))
        {
            var errors = (await ReviewAssert.Malformed(unknownField))["errors"]!.AsObject();
            Assert.Equal(new[] { "vote" }, errors.Select(e => e.Key));
        }

        review = await Client.Get(id);
        Assert.Empty(review.PartnerVotes);
        var timeline = await Client.Timeline(id);
        Assert.Equal(2, timeline.Count);
        Assert.Equal(("PartnerDecisionRecorded", "rejected"), (timeline[1].Event, timeline[1].Outcome));
        Assert.Single(await Bus.WaitFor<ReviewEventRejected>(r => r.ReviewId == id));
    }
}
