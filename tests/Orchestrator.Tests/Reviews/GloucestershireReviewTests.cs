using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestration.Contracts;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>
/// Gloucestershire (seed 001) end to end through the HTTP API: a Serious Incident Notification through the
/// working-day timetable to an alternative review; Cases for Consideration the QiiP statutory partners vote
/// on (a split vote presumes a Rapid Review); ALTEs and child deaths that go elsewhere; a route it does not offer.
/// </summary>
public class GloucestershireReviewTests : ReviewScenario
{
    [Fact]
    public async Task A_Serious_Incident_Notification_runs_the_working_day_timetable_to_an_alternative_review_and_closes_when_the_actions_are_done()
    {
        // Thursday 25 March 2027, aware on the 24th: Good Friday (26th) and Easter Monday (29th) fall in every count.
        var review = await Client.Open(Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-03-25", "2027-03-24"));
        var id = review.Id;
        Assert.Equal("RapidReview", review.State);
        Assert.Equal(new DateOnly(2027, 3, 25), review.KeyDates.RouteDecided);

        // N2: 5 WD from awareness on Wed 24 Mar: 25, 30, 31 Mar, 1, 2 Apr.
        ReviewAssert.Due(review, "N2", "2027-04-02", "open");

        // "By working day N" from receipt: WD1 Tue 30 Mar, WD2 Wed 31, WD3 Thu 1 Apr, WD5 Mon 5, WD6 Tue 6, WD7 Wed 7,
        // WD8 Thu 8, WD9 Fri 9, WD13 Thu 15, WD14 Fri 16, WD15 Mon 19 Apr.
        ReviewAssert.Due(review, "gloucestershire:rapid-review-instigated", "2027-03-31", "met");
        Assert.Equal(new DateOnly(2027, 3, 25), ReviewAssert.Deadline(review, "gloucestershire:rapid-review-instigated").MetOn);
        ReviewAssert.Due(review, "gloucestershire:information-requests-sent", "2027-03-31", "open");
        Assert.Equal(new DateOnly(2027, 3, 30), ReviewAssert.Deadline(review, "gloucestershire:information-requests-sent").OpensOn);
        ReviewAssert.Due(review, "gloucestershire:agency-summaries-returned", "2027-04-05", "open");
        Assert.Equal(new DateOnly(2027, 4, 1), ReviewAssert.Deadline(review, "gloucestershire:agency-summaries-returned").OpensOn);
        Assert.DoesNotContain(review.Deadlines, d => d.Key == "chronology-and-lines-of-enquiry");
        ReviewAssert.Due(review, "gloucestershire:rapid-review-meeting", "2027-04-08", "open");
        ReviewAssert.Due(review, "gloucestershire:rapid-review-report-compiled", "2027-04-15", "open");
        Assert.Equal(new DateOnly(2027, 4, 9), ReviewAssert.Deadline(review, "gloucestershire:rapid-review-report-compiled").OpensOn);
        ReviewAssert.Due(review, "gloucestershire:rapid-review-report-signed-off", "2027-04-16", "open");
        Assert.Equal(new DateOnly(2027, 4, 15), ReviewAssert.Deadline(review, "gloucestershire:rapid-review-report-signed-off").OpensOn);
        ReviewAssert.Due(review, "N5", "2027-04-19", "open");
        Assert.Equal(new DateOnly(2027, 4, 16), ReviewAssert.Deadline(review, "N5").OpensOn);
        Assert.Contains("skipping 26 Mar 2027 (Good Friday), 29 Mar 2027 (Easter Monday)", ReviewAssert.Deadline(review, "N5").Derivation, StringComparison.Ordinal);

        // The Panel's acknowledgement counts 2 calendar days, so Easter does not stretch it: Saturday 27 March.
        ReviewAssert.Due(review, "gloucestershire:panel-acknowledgement", "2027-03-27", "open");
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "gloucestershire:cfc-threshold-decision");

        var unnotified = await Client.Refuse(id, "NationalPanelAcknowledged", new { occurredOn = "2027-03-25", expectedResponseOn = "2027-04-19" });
        Assert.Equal("RapidReview", (string?)unnotified["currentState"]);
        Assert.Contains("record SeriousIncidentNotified first", (string?)unnotified["detail"], StringComparison.Ordinal);
        review = await Client.Apply(id, "SeriousIncidentNotified", new { occurredOn = "2027-03-25" });
        ReviewAssert.Due(review, "N2", "2027-04-02", "met");

        // The Panel's email comes after the Easter weekend, on Tuesday 30 March: late against the 27th, with the date kept.
        review = await Client.Apply(id, "NationalPanelAcknowledged", new { occurredOn = "2027-03-30", expectedResponseOn = "2027-04-19" });
        Assert.Equal(new DateOnly(2027, 3, 30), review.KeyDates.PanelAcknowledged);
        var acknowledgement = ReviewAssert.Deadline(review, "gloucestershire:panel-acknowledgement");
        Assert.Equal(("missed", new DateOnly(2027, 3, 30)), (acknowledgement.Status, acknowledgement.MetOn));

        review = await Client.Apply(id, "InformationRequestsSent", new { occurredOn = "2027-03-30", agencies = new[] { "Police", "Health visiting", "Education" }, dueOn = "2027-04-05" });
        ReviewAssert.Due(review, "gloucestershire:information-requests-sent", "2027-03-31", "met");
        var requests = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "InformationRequest", count: 3);
        Assert.All(requests, c => Assert.Equal(("Agencies", "gloucestershire", "2027-04-05"), (c.RecipientRole, c.Partnership, c.Facts!["dueOn"])));
        Assert.Equal(new[] { "Education", "Health visiting", "Police" }, requests.Select(c => c.Facts!["agency"]).Order());

        review = await Client.Apply(id, "RapidReviewMeetingScheduled", new { occurredOn = "2027-03-30", scheduledFor = "2027-04-07" });
        ReviewAssert.Due(review, "gloucestershire:independent-chair-commissioned", "2027-03-31", "met");
        await Client.Apply(id, "AgencyInformationReturned", new { occurredOn = "2027-04-01", agency = "Police", noRecords = false });
        review = await Client.Apply(id, "AgencyInformationReturned", new { occurredOn = "2027-04-05", agency = "Health visiting", noRecords = false });
        ReviewAssert.Due(review, "gloucestershire:agency-summaries-returned", "2027-04-05", "open");
        review = await Client.Apply(id, "AgencyInformationReturned", new { occurredOn = "2027-04-05", agency = "Education", noRecords = true });
        ReviewAssert.Due(review, "gloucestershire:agency-summaries-returned", "2027-04-05", "met");

        review = await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = "2027-04-07", attendees = Referrals.FullMeeting(others: 2) });
        Assert.True(review.Meetings.Single().Quorate);
        Assert.Equal(new DateOnly(2027, 4, 7), review.KeyDates.Meeting);
        ReviewAssert.Due(review, "gloucestershire:rapid-review-meeting", "2027-04-08", "met");

        review = await Client.Apply(id, "RapidReviewReportDrafted", new { occurredOn = "2027-04-13" });
        ReviewAssert.Due(review, "gloucestershire:rapid-review-report-compiled", "2027-04-15", "met");
        review = await Client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = "2027-04-15", endorsedBy = new[] { "LocalAuthority", "Police", "Icb" } });
        ReviewAssert.Due(review, "gloucestershire:rapid-review-report-signed-off", "2027-04-16", "met");

        // An alternative review must say which.
        using (var untyped = await Client.Post(id, "RapidReviewOutcomeDecided", new { occurredOn = "2027-04-16", outcome = "AlternativeReview", reason = "A DHR covers the same agencies." }))
        {
            var problem = await ReviewAssert.Malformed(untyped);
            Assert.True(problem["errors"]!.AsObject().ContainsKey("alternativeReviewType"));
        }

        review = await Client.Apply(id, "RapidReviewOutcomeDecided", new
        {
            occurredOn = "2027-04-16",
            outcome = "AlternativeReview",
            alternativeReviewType = "Domestic Homicide Review",
            reason = "The mother was killed; a Domestic Homicide Review will examine the same agencies' involvement, with the child's learning in its terms of reference.",
        });
        Assert.Equal("RapidReviewSubmitted", review.State);
        Assert.Equal((RapidReviewOutcome.AlternativeReview, "Domestic Homicide Review"), (review.Outcome, review.AlternativeReviewType));
        Assert.Equal(new DateOnly(2027, 4, 16), review.KeyDates.Submitted);
        ReviewAssert.Due(review, "N5", "2027-04-19", "met");
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "N7");
        Assert.DoesNotContain(review.Deadlines, d => d.Status == "open");

        var toPanel = Assert.Single(await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "RapidReviewOutcome"));
        Assert.Equal(("NationalPanel", "N5", new DateOnly(2027, 4, 16), "AlternativeReview"), (toPanel.RecipientRole, toPanel.Rule, toPanel.DueOn, toPanel.Facts!["outcome"]));

        // The decision is cascaded through the agencies (001 has no referrer letter): 5 WD from Fri 16 Apr is Fri 23 Apr.
        var outcome = Assert.Single(await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "ReviewOutcome"));
        Assert.Equal(("Agencies", new DateOnly(2027, 4, 23)), (outcome.RecipientRole, outcome.DueOn));
        Assert.Equal(new[] { "Agencies" }, review.Deliveries.Where(d => d.Kind.ToString() == "ReviewOutcome").Select(d => d.Recipient.ToString()));

        review = await Client.Apply(id, "NationalPanelResponded", new { occurredOn = "2027-05-14", agreesWithOutcome = true, nationalReview = false });
        Assert.Equal("AlternativeReview", review.State);

        review = await Client.Apply(id, "ActionPlanAgreed", new
        {
            occurredOn = "2027-06-01",
            actions = new[]
            {
                new { actionId = "G1", description = "Take the DHR's findings on the child to the QiiP and cascade a practice briefing.", ownerAgency = "GSCP Business Unit", dueOn = "2027-09-30" },
                new { actionId = "G2", description = "Review how domestic abuse call-outs with children present are shared with health visiting.", ownerAgency = "Gloucestershire Constabulary", dueOn = "2027-12-17" },
            },
        });
        Assert.Equal("LearningMonitoring", review.State);
        Assert.Equal(
            new[] { ("G1", new DateOnly(2027, 9, 30)), ("G2", new DateOnly(2027, 12, 17)) },
            review.Deadlines.Where(d => d.Rule == "N18" && d.Status == "open").OrderBy(d => d.Subject, StringComparer.Ordinal).Select(d => (d.Subject!, d.DueOn)));

        review = await Client.Apply(id, "LearningActionCompleted", new { occurredOn = "2027-09-20", actionId = "G1" });
        Assert.Equal("LearningMonitoring", review.State);
        review = await Client.Apply(id, "LearningActionCompleted", new { occurredOn = "2027-12-10", actionId = "G2" });
        Assert.Equal("Closed", review.State);
        Assert.Equal(new DateOnly(2027, 12, 10), review.KeyDates.Closed);
        Assert.Equal("every learning action is complete", review.ClosureReason);
        Assert.All(review.Deadlines.Where(d => d.Rule == "N18"), d => Assert.Equal("met", d.Status));

        var timeline = await Client.Timeline(id);
        Assert.Equal(review.TimelineLength, timeline.Count);
        var rejected = Assert.Single(timeline, t => t.Outcome == "rejected");
        Assert.Equal("NationalPanelAcknowledged", rejected.Event);
        Assert.Single(Bus.All<ReviewEventRejected>(), r => r.ReviewId == id);
    }

    [Fact]
    public async Task A_Rapid_Review_meeting_on_the_eighth_working_day_breaches_nothing_and_the_chronology_step_is_a_checkpoint_not_a_deadline()
    {
        // 001 p.5 sets the chronology on WD 6-7 and the meeting on WD 8. From Thu 25 Mar 2027 (Easter skipped):
        // WD7 is Wed 7 April and WD8 is Thu 8 April. Nothing the review records shows the chronology done, so the
        // profile marks that step advisory: it is drawn in the timetable but never becomes a deadline to miss.
        var review = await Client.Open(Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-03-25", "2027-03-24"));
        Assert.DoesNotContain(review.Deadlines, d => d.Key == "chronology-and-lines-of-enquiry");
        review = await Client.Apply(review.Id, "RapidReviewMeetingHeld", new { occurredOn = "2027-04-08", attendees = Referrals.FullMeeting() });
        ReviewAssert.Due(review, "gloucestershire:rapid-review-meeting", "2027-04-08", "met");
        Assert.DoesNotContain(review.Deadlines, d => d.Status == "missed");
    }

    [Fact]
    public async Task A_split_vote_on_a_Case_for_Consideration_presumes_a_Rapid_Review()
    {
        // Friday 27 August 2027; the Summer bank holiday (Mon 30 Aug) is skipped: WD1 Tue 31 Aug, WD2 Wed 1 Sep.
        var review = await Client.Open(Referrals.Complete("gloucestershire", "AgencyReferral", "2027-08-27", "2027-08-26"));
        var id = review.Id;
        Assert.Equal("AwaitingDecision", review.State);
        ReviewAssert.Due(review, "gloucestershire:cfc-threshold-decision", "2027-09-01", "open");
        Assert.Equal(new DateOnly(2027, 8, 31), ReviewAssert.Deadline(review, "gloucestershire:cfc-threshold-decision").OpensOn);
        ReviewAssert.Due(review, "gloucestershire:rapid-review-instigated", "2027-09-01", "open");

        // N5 from receipt: 31 Aug, 1-3, 6-10, 13-17 Sep is 14; the 15th is Monday 20 September.
        ReviewAssert.Due(review, "N5", "2027-09-20", "open");
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "N2" || d.Rule == "gloucestershire:panel-acknowledgement");

        await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-08-31", partner = "Police", decision = "RapidReview", reason = "Injuries to a non-mobile baby; two agencies knew of concerns." });
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-08-31", partner = "LocalAuthority", decision = "NoRapidReview", reason = "Single-agency learning only." });
        Assert.Equal("AwaitingDecision", review.State);
        Assert.Contains("waiting for Icb", (await Client.Timeline(id))[^1].Detail, StringComparison.Ordinal);

        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-09-01", partner = "Icb", decision = "NoRapidReview", reason = "Health contact was appropriate." });
        Assert.Equal("RapidReview", review.State);
        Assert.Equal(new DateOnly(2027, 9, 1), review.KeyDates.RouteDecided);
        Assert.Equal(3, review.PartnerVotes.Count);
        ReviewAssert.Due(review, "gloucestershire:cfc-threshold-decision", "2027-09-01", "met");
        ReviewAssert.Due(review, "gloucestershire:rapid-review-instigated", "2027-09-01", "met");
        ReviewAssert.Due(review, "N5", "2027-09-20", "open");

        var decided = (await Client.Timeline(id))[^1];
        Assert.Equal(("PartnerDecisionRecorded", "AwaitingDecision", "RapidReview"), (decided.Event, decided.StateBefore, decided.StateAfter));
        Assert.Contains("the vote is split: a Rapid Review is presumed", decided.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unanimous_vote_against_a_Case_for_Consideration_closes_it_and_tells_the_agencies()
    {
        // Monday 20 December 2027: the threshold vote is due by WD2, Wed 22 Dec.
        var review = await Client.Open(Referrals.Complete("gloucestershire", "AgencyReferral", "2027-12-20", "2027-12-17"));
        var id = review.Id;
        ReviewAssert.Due(review, "gloucestershire:cfc-threshold-decision", "2027-12-22", "open");

        // Over Christmas (27, 28 Dec) and New Year (3 Jan 2028): 21-24, 29-31 Dec, 4-7, 10-13 Jan; WD8 is 4 Jan, WD15 13 Jan.
        ReviewAssert.Due(review, "N5", "2028-01-13", "open");

        foreach (var partner in new[] { "LocalAuthority", "Police", "Icb" })
        {
            review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-12-22", partner, decision = "NoRapidReview", reason = "The Rapid Review threshold is not met." });
        }

        Assert.Equal("Closed", review.State);
        Assert.Equal(new DateOnly(2027, 12, 22), review.KeyDates.Closed);
        Assert.Equal("the partners decided NoRapidReview", review.ClosureReason);
        ReviewAssert.Due(review, "gloucestershire:cfc-threshold-decision", "2027-12-22", "met");
        ReviewAssert.Due(review, "N5", "2028-01-13", "cancelled");
        ReviewAssert.Due(review, "gloucestershire:rapid-review-meeting", "2028-01-04", "cancelled");
        Assert.DoesNotContain(review.Deadlines, d => d.Status == "open");

        // 5 WD from Wed 22 Dec over the Christmas bank holidays: 23, 24, 29, 30, 31 December.
        var outcome = Assert.Single(await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "ReviewOutcome"));
        Assert.Equal(("Agencies", new DateOnly(2027, 12, 31), "NoRapidReview"), (outcome.RecipientRole, outcome.DueOn, outcome.Facts!["outcome"]));
        Assert.Null(outcome.Rule);
    }

    [Fact]
    public async Task An_Acute_Life_Threatening_Event_is_referred_to_CDOP_with_no_open_deadlines()
    {
        var review = await Client.Open(Referrals.Complete("gloucestershire", "AcuteLifeThreateningEvent", "2027-02-03", "2027-02-02"));
        Assert.Equal("ReferredElsewhere", review.State);
        Assert.Equal(new DateOnly(2027, 2, 3), review.KeyDates.RouteDecided);
        Assert.StartsWith("referred to cdop", review.ClosureReason, StringComparison.Ordinal);
        Assert.NotEmpty(review.Deadlines);
        Assert.All(review.Deadlines, d => Assert.Equal("cancelled", d.Status));
        Assert.DoesNotContain("PartnerDecisionRecorded", review.AcceptedEvents);

        var refused = await Client.Refuse(review.Id, "PartnerDecisionRecorded", new { occurredOn = "2027-02-04", partner = "Police", decision = "RapidReview", reason = "Criteria met." });
        Assert.Equal("ReferredElsewhere", (string?)refused["currentState"]);
    }

    [Fact]
    public async Task A_Case_for_Consideration_the_partners_send_to_child_death_review_is_referred_elsewhere()
    {
        var referral = Referrals.Complete("gloucestershire", "AgencyReferral", "2027-10-11", "2027-10-08");
        referral["childDied"] = true;
        referral["seriousHarm"] = false;
        referral["summary"] = "A baby died in hospital nine days after birth, not having left hospital since.";
        var review = await Client.Open(referral);
        var id = review.Id;
        Assert.Equal("AwaitingDecision", review.State);

        foreach (var partner in new[] { "LocalAuthority", "Police", "Icb" })
        {
            review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-10-12", partner, decision = "ChildDeathReview", reason = "A neonatal death: reviewed under the Child Death Review arrangements (001 p.3)." });
        }

        Assert.Equal("ReferredElsewhere", review.State);
        Assert.Equal("referred to the child death review process", review.ClosureReason);

        // Received Monday 11 October 2027: the vote is due by WD2, Wednesday 13 October.
        ReviewAssert.Due(review, "gloucestershire:cfc-threshold-decision", "2027-10-13", "met");
        Assert.DoesNotContain(review.Deadlines, d => d.Status == "open");
        Assert.Contains(review.Deadlines, d => d.Rule == "N5" && d.Status == "cancelled");
        var outcome = Assert.Single(await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "ReviewOutcome"));
        Assert.Equal(("Agencies", "ChildDeathReview"), (outcome.RecipientRole, outcome.Facts!["outcome"]));
    }

    [Fact]
    public async Task A_route_Gloucestershire_does_not_offer_is_returned_and_nothing_is_stored()
    {
        using (var response = await Client.Http.PostAsJsonAsync("/api/reviews", Referrals.Complete("gloucestershire", "LearningRequest", "2027-03-01", "2027-03-01")))
        {
            var problem = await ReviewAssert.Malformed(response);
            var errors = problem["errors"]!.AsObject();
            Assert.Equal(new[] { "route" }, errors.Select(e => e.Key));
            Assert.Contains("AcuteLifeThreateningEvent", (string?)errors["route"]![0], StringComparison.Ordinal);
        }

        Assert.Equal(0, await Total("gloucestershire"));
        await Client.Open(Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-03-01", "2027-03-01"));
        Assert.Equal(1, await Total("gloucestershire"));
    }

    private async Task<int> Total(string partnership) =>
        (int)(await Client.Http.GetFromJsonAsync<JsonObject>($"/api/reviews?partnership={partnership}"))!["total"]!;
}
