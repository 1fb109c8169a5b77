using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>
/// Darlington (seed 003) end to end through the HTTP API: a local authority notification whose Rapid Review
/// clock starts at the National Panel's acknowledgement (§6.2, §6.10), the learning actions' escalation to the
/// Head of Service and the Chief Officer (§9.2, §16.2), a learning request decided through the Learning and
/// Development sub-group (§5.5, §10), and a referral returned for its missing fields (§4).
/// </summary>
public class DarlingtonReviewTests : ReviewScenario
{
    private const string ActionDue = "learning-action-due";
    private const string HeadOfServiceEscalation = "learning-action-escalation-head-of-service";
    private const string ChiefOfficerEscalation = "learning-action-escalation-chief-officer";

    [Fact]
    public async Task A_notification_counts_N5_and_the_Rapid_Review_meeting_from_the_Panels_acknowledgement_through_to_publication()
    {
        // Aware Monday 22 March 2027, received Tuesday 23rd: Easter (Good Friday 26th, Easter Monday 29th) falls in the counts.
        var review = await Client.Open(Referrals.Complete("darlington", "LocalAuthorityNotification", "2027-03-23", "2027-03-22"));
        var id = review.Id;
        Assert.Equal("RapidReview", review.State);
        Assert.Equal(ReviewAssert.Day("2027-03-23"), review.KeyDates.RouteDecided);

        // N2: 5 WD after 22 Mar = 23, 24, 25, (26 GF, 29 EM skipped) 30, 31 Mar. Darlington's five calendar days is advisory: one N2 only.
        ReviewAssert.Due(review, "N2", "2027-03-31", "open");
        // §4.5: the referral within 1 WD of becoming aware (23 Mar), met by its receipt that day.
        ReviewAssert.Due(review, "darlington:referral-to-business-unit", "2027-03-23", "met");
        // §4.6: partners meet within 5 WD of receipt = 24, 25, 30, 31 Mar, 1 Apr; a notification needs no decision (N4), met on receipt.
        ReviewAssert.Due(review, "darlington:partners-decision-meeting", "2027-04-01", "met");
        // The Rapid Review clock has not started: it runs from the Panel's acknowledgement, not the referral.
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "N5");
        Assert.DoesNotContain(review.Deadlines, d => d.Key == "rapid-review-meeting");

        var unacknowledgeable = await Client.Refuse(id, "NationalPanelAcknowledged", new { occurredOn = "2027-03-24", expectedResponseOn = "2027-04-19" });
        Assert.Contains("record SeriousIncidentNotified first", (string?)unacknowledgeable["detail"], StringComparison.Ordinal);

        review = await Client.Apply(id, "SeriousIncidentNotified", new { occurredOn = "2027-03-24" });
        ReviewAssert.Due(review, "N2", "2027-03-31", "met");
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "N5");

        review = await Client.Apply(id, "NationalPanelAcknowledged", new { occurredOn = "2027-03-25", expectedResponseOn = "2027-04-19" });
        Assert.Equal(ReviewAssert.Day("2027-03-25"), review.KeyDates.PanelAcknowledged);
        // 15 WD after Thursday 25 Mar: (26 GF, 29 EM skipped) 30, 31 Mar, 1, 2, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 19 Apr.
        // From the referral it would have been 15 Apr: the anchor matters.
        ReviewAssert.Due(review, "N5", "2027-04-19", "open");
        ReviewAssert.Due(review, "darlington:rapid-review-meeting", "2027-04-19", "open");
        Assert.Contains("15 working days after 25 Mar 2027 (PanelAcknowledged), skipping 26 Mar 2027 (Good Friday), 29 Mar 2027 (Easter Monday)",
            ReviewAssert.Deadline(review, "N5").Derivation, StringComparison.Ordinal);
        // The 7-10 WD target and the fifteen calendar days are advisory: never deadlines.
        Assert.DoesNotContain(review.Deadlines, d => d.Key is "rapid-review-meeting-target" or "rapid-review-meeting-calendar-days" or "panel-notification-calendar-days");

        review = await Client.Apply(id, "InformationRequestsSent", new { occurredOn = "2027-03-30", agencies = new[] { "Police", "Health visiting" }, dueOn = "2027-04-06" });
        // §6.5's three-year look-back is a "not before" bound: not a deadline.
        Assert.DoesNotContain(review.Deadlines, d => d.Key == "information-lookback");

        // Wednesday 7 April is WD 7 after the acknowledgement (30, 31 Mar, 1, 2, 5, 6, 7 Apr), inside the 7-10 target.
        review = await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = "2027-04-07", attendees = Referrals.FullMeeting(2) });
        Assert.True(Assert.Single(review.Meetings).Quorate);
        ReviewAssert.Due(review, "darlington:rapid-review-meeting", "2027-04-19", "met");
        await Client.Apply(id, "RapidReviewReportDrafted", new { occurredOn = "2027-04-08" });
        await Client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = "2027-04-09", endorsedBy = new[] { "LocalAuthority", "Police", "Icb" } });
        review = await Client.Apply(id, "RapidReviewOutcomeDecided", new { occurredOn = "2027-04-12", outcome = "LocalReview", reason = "Multi-agency learning about information sharing." });
        Assert.Equal("RapidReviewSubmitted", review.State);
        Assert.Equal(ReviewAssert.Day("2027-04-12"), ReviewAssert.Deadline(review, "N5").MetOn);
        ReviewAssert.Due(review, "N5", "2027-04-19", "met");
        // N7: six months from the decision of 12 April 2027 = 12 October 2027.
        ReviewAssert.Due(review, "N7", "2027-10-12", "open");
        var outcome = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "RapidReviewOutcome", count: 3);
        Assert.Equal(new[] { "IndependentScrutiny", "NationalPanel", "SafeguardingPartners" }, outcome.Select(c => c.RecipientRole).Order());
        Assert.All(outcome, c => Assert.Equal(("N5", "darlington"), (c.Rule, c.Partnership)));

        review = await Client.Apply(id, "NationalPanelResponded", new { occurredOn = "2027-04-26", agreesWithOutcome = true, nationalReview = false });
        Assert.Equal("LocalReview", review.State);
        await Client.Apply(id, "CsprCommissioned", new { occurredOn = "2027-04-28" });
        await Client.Apply(id, "LeadReviewerAppointed", new { occurredOn = "2027-05-05", reviewerName = "Dr Independent", conflictOfInterestDeclared = false });
        var named = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "CsprCommissioned", count: 3);
        Assert.Equal(new[] { "NationalPanel", "Ofsted", "SecretaryOfState" }, named.Select(c => c.RecipientRole).Order());
        await Client.Apply(id, "TermsOfReferenceAgreed", new { occurredOn = "2027-05-12" });
        await Client.Apply(id, "FamilyEngagementRecorded", new { occurredOn = "2027-05-19", invited = true, participated = true });
        await Client.AttachReport(id, "2027-08-16");
        review = await Client.Apply(id, "FinalReportSignedOff", new { occurredOn = "2027-08-16" });
        Assert.Equal("PublicationPending", review.State);

        // Publication Tuesday 7 September 2027; 7 WD back: 6, 3, 2, 1 Sep, 31 Aug, (30 Aug summer bank holiday skipped) 27, 26 Aug.
        review = await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-08-20", publishOn = "2027-09-07", learningOnly = false });
        ReviewAssert.Due(review, "N10", "2027-08-26", "open");
        var copies = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "FinalReportCopy", count: 3);
        Assert.Equal(new[] { "NationalPanel", "Ofsted", "SecretaryOfState" }, copies.Select(c => c.RecipientRole).Order());
        Assert.All(copies, c => Assert.Equal(("N10", ReviewAssert.Day("2027-08-26")), (c.Rule, c.DueOn)));
        var communications = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "PublicationDate");
        Assert.Equal("CommunicationsTeam", Assert.Single(communications).RecipientRole);

        var endpoint = Factory.Services.GetRequiredService<IBus>();
        foreach (var copy in copies)
        {
            await endpoint.Publish(new StatutoryNotificationSent(id, ReviewAssert.Day("2027-08-25"), copy.IdempotencyKey, copy.NotificationKind, copy.RecipientRole));
        }

        review = await Client.Eventually(id, r => ReviewAssert.Deadline(r, "N10").Status == "met");
        Assert.Equal(ReviewAssert.Day("2027-08-25"), ReviewAssert.Deadline(review, "N10").MetOn);

        review = await Client.Apply(id, "ReportPublished", new { occurredOn = "2027-09-07", url = "https://example.org/darlington-cspr.pdf", publishedOn = "2027-09-07" });
        Assert.Equal("Published", review.State);
        ReviewAssert.Due(review, "N7", "2027-10-12", "met");
        Assert.Equal(ReviewAssert.Day("2028-09-07"), review.KeyDates.AvailableUntil);
        await Bus.WaitFor<SubmitToNspccRepository>(c => c.ReviewId == id);

        review = await Client.Apply(id, "ActionPlanAgreed", new
        {
            occurredOn = "2027-09-14",
            actions = new[] { new { actionId = "D1", description = "Review the front door's information-sharing protocol.", ownerAgency = "Durham Constabulary", dueOn = "2028-01-31" } },
        });
        Assert.Equal("LearningMonitoring", review.State);
        // 31 January 2028 + 3 months = 30 April (clamped); + 6 months = 31 July.
        Assert.Equal(ReviewAssert.Day("2028-01-31"), OpenDeadline(review, "D1", ActionDue).DueOn);
        Assert.Equal(ReviewAssert.Day("2028-04-30"), OpenDeadline(review, "D1", HeadOfServiceEscalation).DueOn);
        Assert.Equal(ReviewAssert.Day("2028-07-31"), OpenDeadline(review, "D1", ChiefOfficerEscalation).DueOn);
    }

    [Fact]
    public async Task Overdue_learning_actions_escalate_to_the_Head_of_Service_then_the_Chief_Officer_who_alone_may_extend_them()
    {
        var id = await ToLearningRoute("2027-05-04", "2027-04-30", "2027-05-10", "2027-05-12");
        var review = await Client.Apply(id, "ActionPlanAgreed", new
        {
            occurredOn = "2027-06-01",
            actions = new[]
            {
                new { actionId = "A1", description = "Multi-agency training on neglect thresholds.", ownerAgency = "Darlington Borough Council", dueOn = "2027-08-31" },
                new { actionId = "A2", description = "Audit of strategy discussions.", ownerAgency = "Durham Constabulary", dueOn = "2027-10-15" },
                new { actionId = "A3", description = "GP records flagging for children on plans.", ownerAgency = "NHS North East and North Cumbria ICB", dueOn = "2027-09-30" },
            },
        });
        Assert.Equal("LearningMonitoring", review.State);

        // Each action: its own date, then 3 and 6 months beyond it (003 §9.2, §16.2), all N18.
        // A1: 31 Aug 2027 + 3 months = 30 Nov (clamped); + 6 months = 29 Feb 2028 (clamped, a leap year).
        // A2: 15 Oct 2027 -> 15 Jan 2028, 15 Apr 2028. A3: 30 Sep 2027 -> 30 Dec 2027, 30 Mar 2028.
        AssertActionDeadlines(review, "A1", "2027-08-31", "2027-11-30", "2028-02-29");
        AssertActionDeadlines(review, "A2", "2027-10-15", "2028-01-15", "2028-04-15");
        AssertActionDeadlines(review, "A3", "2027-09-30", "2027-12-30", "2028-03-30");

        // A1's own date passes: Overdue, and the business unit hears of the breach.
        var a1Due = OpenDeadline(review, "A1", ActionDue);
        review = await Missed(id, a1Due, "2027-09-01", r => Action(r, "A1").Status == LearningActionStatus.Overdue);
        Assert.Equal(LearningActionStatus.Overdue, Action(review, "A1").Status);
        Assert.Equal("missed", review.Deadlines.Single(d => d.Id == a1Due.Id).Status);
        var breach = Assert.Single(await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "DeadlineBreach"));
        Assert.Equal(("BusinessUnit", "N18", ReviewAssert.Day("2027-09-01"), "2027-08-31"), (breach.RecipientRole, breach.Rule, breach.DueOn, breach.Facts!["dueOn"]));
        Assert.Contains(a1Due.Id.ToString("N"), breach.IdempotencyKey, StringComparison.Ordinal);

        // A2 is done on time: its date and both escalation points are met.
        review = await Client.Apply(id, "LearningActionCompleted", new { occurredOn = "2027-10-01", actionId = "A2" });
        Assert.Equal(LearningActionStatus.Completed, Action(review, "A2").Status);
        Assert.All(review.Deadlines.Where(d => d.Subject == "A2"), d => Assert.Equal(("met", ReviewAssert.Day("2027-10-01")), (d.Status, d.MetOn)));

        // A3 is overdue; only the Chief Officer may ask for more time.
        var a3Due = OpenDeadline(review, "A3", ActionDue);
        var a3HeadOfService = OpenDeadline(review, "A3", HeadOfServiceEscalation);
        var a3ChiefOfficer = OpenDeadline(review, "A3", ChiefOfficerEscalation);
        review = await Missed(id, a3Due, "2027-10-01", r => Action(r, "A3").Status == LearningActionStatus.Overdue);
        Assert.Equal(LearningActionStatus.Overdue, Action(review, "A3").Status);
        var refused = await Client.Refuse(id, "LearningActionExtended", new { occurredOn = "2027-10-04", actionId = "A3", newDueOn = "2028-01-31", requestedBy = "Head of Service" });
        Assert.Contains("only at the chief officer's request", (string?)refused["detail"], StringComparison.Ordinal);
        review = await Client.Get(id);
        Assert.Equal((LearningActionStatus.Overdue, ReviewAssert.Day("2027-09-30"), 0), (Action(review, "A3").Status, Action(review, "A3").DueOn, Action(review, "A3").Extensions));

        review = await Client.Apply(id, "LearningActionExtended", new { occurredOn = "2027-10-08", actionId = "A3", newDueOn = "2028-01-31", requestedBy = "ChiefOfficer" });
        var a3 = Action(review, "A3");
        Assert.Equal((LearningActionStatus.Open, ReviewAssert.Day("2028-01-31"), 1), (a3.Status, a3.DueOn, a3.Extensions));
        // The old escalation points are cancelled; the missed date stays on the record; new ones run from 31 Jan 2028:
        // + 3 months = 30 April (clamped), + 6 months = 31 July.
        Assert.Equal("cancelled", review.Deadlines.Single(d => d.Id == a3HeadOfService.Id).Status);
        Assert.Equal("cancelled", review.Deadlines.Single(d => d.Id == a3ChiefOfficer.Id).Status);
        Assert.Equal("missed", review.Deadlines.Single(d => d.Id == a3Due.Id).Status);
        AssertActionDeadlines(review, "A3", "2028-01-31", "2028-04-30", "2028-07-31");

        // A1 three months past its date: the Head of Service is told.
        review = await Missed(id, OpenDeadline(review, "A1", HeadOfServiceEscalation), "2027-12-01",
            r => Action(r, "A1").Status == LearningActionStatus.EscalatedToHeadOfService);
        Assert.Equal(LearningActionStatus.EscalatedToHeadOfService, Action(review, "A1").Status);
        var toHead = Assert.Single(await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "LearningActionEscalation"));
        Assert.Equal(("HeadOfService", "N18", ReviewAssert.Day("2027-12-01")), (toHead.RecipientRole, toHead.Rule, toHead.DueOn));
        Assert.Equal(("A1", "2027-08-31"), (toHead.Facts!["action"], toHead.Facts["dueOn"]));

        // Six months past it: the Chief Officer.
        review = await Missed(id, OpenDeadline(review, "A1", ChiefOfficerEscalation), "2028-03-01",
            r => Action(r, "A1").Status == LearningActionStatus.EscalatedToChiefOfficer);
        Assert.Equal(LearningActionStatus.EscalatedToChiefOfficer, Action(review, "A1").Status);
        var toChief = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "LearningActionEscalation" && c.RecipientRole == "ChiefOfficer");
        var chief = Assert.Single(toChief);
        Assert.Equal(("N18", ReviewAssert.Day("2028-03-01"), "A1"), (chief.Rule, chief.DueOn, chief.Facts!["action"]));
        Assert.Equal(3, review.Deadlines.Count(d => d.Subject == "A1" && d.Status == "missed"));
        // One breach to the business unit for each deadline that passed open: A1's three and A3's date.
        var breaches = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "DeadlineBreach" && c.RecipientRole == "BusinessUnit", count: 4);
        Assert.Equal(4, breaches.Count);

        // A DeadlineMissed for a deadline already met (A2) or cancelled (A3's old escalation) changes nothing but the timeline.
        var before = review;
        review = await Missed(id, before.Deadlines.Single(d => d.Subject == "A2" && d.Key == ActionDue), "2028-03-02", r => r.TimelineLength == before.TimelineLength + 1);
        review = await Missed(id, before.Deadlines.Single(d => d.Id == a3HeadOfService.Id), "2028-03-02", r => r.TimelineLength == before.TimelineLength + 2);
        Assert.Equal(before.TimelineLength + 2, review.TimelineLength);
        Assert.Equal(before.Deadlines.OrderBy(d => d.Id).Select(d => (d.Id, d.Status, d.MetOn)), review.Deadlines.OrderBy(d => d.Id).Select(d => (d.Id, d.Status, d.MetOn)));
        Assert.Equal(before.LearningActions.Select(a => (a.ActionId, a.Status)), review.LearningActions.Select(a => (a.ActionId, a.Status)));
        Assert.Equal(before.Deliveries.Count, review.Deliveries.Count);
        var timeline = await Client.Timeline(id);
        Assert.All(timeline.TakeLast(2), t => Assert.Equal(("DeadlineMissed", "applied", "the deadline is no longer open; nothing to do"), (t.Event, t.Outcome, t.Detail)));
        Assert.Equal(4, Bus.All<SendStatutoryNotification>().Count(c => c.ReviewId == id && c.NotificationKind == "DeadlineBreach"));

        // The Chief Officer, now involved, asks for more time for A1: Open again, counted from 30 June 2028
        // (+ 3 months = 30 September, + 6 months = 30 December); its three missed points stay on the record.
        review = await Client.Apply(id, "LearningActionExtended", new { occurredOn = "2028-03-06", actionId = "A1", newDueOn = "2028-06-30", requestedBy = "ChiefOfficer" });
        Assert.Equal((LearningActionStatus.Open, ReviewAssert.Day("2028-06-30")), (Action(review, "A1").Status, Action(review, "A1").DueOn));
        AssertActionDeadlines(review, "A1", "2028-06-30", "2028-09-30", "2028-12-30");
        Assert.Equal(3, review.Deadlines.Count(d => d.Subject == "A1" && d.Status == "missed"));
    }

    [Fact]
    public async Task A_learning_request_goes_to_the_learning_route_on_the_sub_groups_recommendation_and_the_partners_unanimous_decision()
    {
        var referral = Referrals.Complete("darlington", "LearningRequest", "2027-06-07", "2027-06-04");
        var review = await Client.Open(referral);
        var id = review.Id;
        Assert.Equal("AwaitingDecision", review.State);
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "N2");

        // The sub-group speaks first (003 §5.5, §10.6-10.7).
        var early = await Client.Refuse(id, "PartnerDecisionRecorded", new { occurredOn = "2027-06-08", partner = "LocalAuthority", decision = "LearningAndDevelopment", reason = "Below threshold." });
        Assert.Contains("Learning and Development sub-group must recommend before the partners decide", (string?)early["detail"], StringComparison.Ordinal);
        Assert.Empty((await Client.Get(id)).PartnerVotes);

        // The local authority had notified the Panel meanwhile; its acknowledgement starts the Rapid Review clock.
        await Client.Apply(id, "SeriousIncidentNotified", new { occurredOn = "2027-06-08" });
        review = await Client.Apply(id, "NationalPanelAcknowledged", new { occurredOn = "2027-06-09", expectedResponseOn = "2027-06-30" });
        // 15 WD after Wednesday 9 June 2027: 10, 11, 14-18, 21-25, 28, 29, 30 June (no bank holiday).
        ReviewAssert.Due(review, "N5", "2027-06-30", "open");
        ReviewAssert.Due(review, "darlington:rapid-review-meeting", "2027-06-30", "open");

        review = await Client.Apply(id, "TriageRecommendationMade", new { occurredOn = "2027-06-14", recommendation = "LearningAndDevelopment", reason = "Below the threshold; multi-agency learning on neglect." });
        Assert.Equal("LearningAndDevelopment", Assert.Single(review.Recommendations).Decision.ToString());
        await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-06-16", partner = "LocalAuthority", decision = "LearningAndDevelopment", reason = "Multi-agency practice review." });
        await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-06-16", partner = "Police", decision = "LearningAndDevelopment", reason = "Multi-agency practice review." });
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-06-16", partner = "Icb", decision = "NoFurtherAction", reason = "No practice issues for health." });
        Assert.Equal("AwaitingDecision", review.State);
        Assert.Null(review.KeyDates.RouteDecided);
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-06-16", partner = "Icb", decision = "LearningAndDevelopment", reason = "Agreed after discussion." });
        Assert.Equal("LearningRoute", review.State);
        Assert.Equal(ReviewAssert.Day("2027-06-16"), review.KeyDates.RouteDecided);
        ReviewAssert.Due(review, "N5", "2027-06-30", "cancelled");
        ReviewAssert.Due(review, "darlington:rapid-review-meeting", "2027-06-30", "cancelled");
        Assert.DoesNotContain(review.Deadlines, d => d.Status == "open");

        // The referrer hears within 5 WD of the decision (§5.7): 17, 18, 21, 22, 23 June.
        var told = Assert.Single(await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "ReviewOutcome" && c.RecipientRole == "Referrer"));
        Assert.Equal((ReviewAssert.Day("2027-06-23"), "LearningAndDevelopment"), (told.DueOn, told.Facts!["outcome"]));

        review = await Client.Apply(id, "ActionPlanAgreed", new
        {
            occurredOn = "2027-07-01",
            actions = new[] { new { actionId = "L1", description = "Multi-agency practice review of the neglect pathway.", ownerAgency = "Partnership", dueOn = "2027-12-17" } },
        });
        Assert.Equal("LearningMonitoring", review.State);
        Assert.Equal(ReviewAssert.Day("2027-12-17"), OpenDeadline(review, "L1", ActionDue).DueOn);
    }

    [Fact]
    public async Task An_agency_referral_missing_its_safeguarding_lead_and_children_with_impossible_dates_is_returned_naming_every_field()
    {
        var eventId = Guid.NewGuid();
        var referral = Referrals.Complete("darlington", "AgencyReferral", "2027-03-01", "2027-02-26", eventId);
        referral["referrer"]!.AsObject().Remove("safeguardingLead");
        referral["children"] = new JsonArray();
        referral["becameAwareOn"] = "2027-03-02";

        using var response = await Client.Http.PostAsJsonAsync("/api/reviews", referral);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "becameAwareOn", "children", "referrer.safeguardingLead" }, fields);

        // Nothing was stored.
        using var lookup = await Client.Http.GetAsync($"/api/reviews/{eventId}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        var listed = await Client.Http.GetFromJsonAsync<JsonElement>("/api/reviews?partnership=darlington");
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
    }

    private async Task<Guid> ToLearningRoute(string receivedOn, string becameAwareOn, string recommendedOn, string decidedOn)
    {
        var review = await Client.Open(Referrals.Complete("darlington", "LearningRequest", receivedOn, becameAwareOn));
        await Client.Apply(review.Id, "TriageRecommendationMade", new { occurredOn = recommendedOn, recommendation = "LearningAndDevelopment", reason = "Multi-agency learning below the threshold." });
        foreach (var partner in new[] { "LocalAuthority", "Police", "Icb" })
        {
            review = await Client.Apply(review.Id, "PartnerDecisionRecorded", new { occurredOn = decidedOn, partner, decision = "LearningAndDevelopment", reason = "Agreed with the sub-group." });
        }

        Assert.Equal("LearningRoute", review.State);
        return review.Id;
    }

    /// <summary>Publishes the clock's DeadlineMissed (bus only) and waits until the review shows <paramref name="until"/>.</summary>
    private async Task<ReviewView> Missed(Guid id, DeadlineView deadline, string occurredOn, Func<ReviewView, bool> until)
    {
        await Factory.Services.GetRequiredService<IBus>().Publish(new DeadlineMissed(id, ReviewAssert.Day(occurredOn), deadline.Id, deadline.Rule, deadline.DueOn, false));
        return await Client.Eventually(id, until);
    }

    private static void AssertActionDeadlines(ReviewView review, string actionId, string dueOn, string headOfServiceOn, string chiefOfficerOn)
    {
        Assert.Equal(
            new[] { (ActionDue, ReviewAssert.Day(dueOn)), (HeadOfServiceEscalation, ReviewAssert.Day(headOfServiceOn)), (ChiefOfficerEscalation, ReviewAssert.Day(chiefOfficerOn)) },
            new[] { ActionDue, HeadOfServiceEscalation, ChiefOfficerEscalation }.Select(key => (key, OpenDeadline(review, actionId, key).DueOn)));
        Assert.All(review.Deadlines.Where(d => d.Subject == actionId && d.Status == "open"), d => Assert.Equal("N18", d.Rule));
    }

    private static LearningActionRecord Action(ReviewView review, string actionId) => Assert.Single(review.LearningActions, a => a.ActionId == actionId);

    private static DeadlineView OpenDeadline(ReviewView review, string actionId, string key) =>
        Assert.Single(review.Deadlines, d => d.Subject == actionId && d.Key == key && d.Status == "open");
}
