using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>
/// Northamptonshire (seed 004) end to end through the HTTP API: a request for a Case Mapping Exercise decided
/// by the Rapid Review group and the strategic leads (App 1), and a notification whose N2 has a five
/// calendar-day duty beside the national five working days, whose publication waits for a prosecution
/// (App 6) and whose final report reaches the Panel at least 14 days before publication (p.9).
/// </summary>
public class NorthamptonshireReviewTests : ReviewScenario
{
    [Fact]
    public async Task A_request_for_a_Case_Mapping_Exercise_goes_to_the_learning_route_on_the_groups_recommendation_and_the_partners_decision()
    {
        var unknownType = Referrals.Complete("northamptonshire", "LearningRequest", "2027-05-24", "2027-05-21");
        unknownType["requestedReviewType"] = "Audit";
        using (var response = await Client.Http.PostAsJsonAsync("/api/reviews", unknownType))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("requestedReviewType", out _), "The problem should name requestedReviewType.");
        }

        var referral = Referrals.Complete("northamptonshire", "LearningRequest", "2027-05-24", "2027-05-21");
        referral["requestedReviewType"] = "CaseMappingExercise";
        var review = await Client.Open(referral);
        var id = review.Id;
        Assert.Equal("AwaitingDecision", review.State);
        // N5 counts from the referral here: 15 WD after Monday 24 May 2027 = 25-28 May, (31 May spring bank holiday skipped)
        // 1-4, 7-11, 14, 15 June.
        ReviewAssert.Due(review, "N5", "2027-06-15", "open");
        // N2 is a local authority notification's duty only.
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "N2");

        var early = await Client.Refuse(id, "PartnerDecisionRecorded", new { occurredOn = "2027-05-25", partner = "Police", decision = "LearningAndDevelopment", reason = "A CME is proportionate." });
        Assert.Contains("Rapid Review meeting (Rapid Review group) must recommend before the partners decide", (string?)early["detail"], StringComparison.Ordinal);

        await Client.Apply(id, "TriageRecommendationMade", new { occurredOn = "2027-05-27", recommendation = "LearningAndDevelopment", reason = "Below the CSPR criteria with significant multi-agency learning: a Case Mapping Exercise." });
        await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-06-02", partner = "LocalAuthority", decision = "LearningAndDevelopment", reason = "Case Mapping Exercise." });
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-06-02", partner = "Icb", decision = "LearningAndDevelopment", reason = "Case Mapping Exercise." });
        Assert.Equal("AwaitingDecision", review.State);
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-06-02", partner = "Police", decision = "LearningAndDevelopment", reason = "Case Mapping Exercise." });
        Assert.Equal("LearningRoute", review.State);
        Assert.Equal(ReviewAssert.Day("2027-06-02"), review.KeyDates.RouteDecided);
        // No Rapid Review: its report to the Panel will not be due.
        ReviewAssert.Due(review, "N5", "2027-06-15", "cancelled");

        // The referrer, agencies and family hear within 5 WD: 3, 4, 7, 8, 9 June.
        var told = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "ReviewOutcome", count: 3);
        Assert.Equal(new[] { "Agencies", "Family", "Referrer" }, told.Select(c => c.RecipientRole).Order());
        Assert.All(told, c => Assert.Equal((ReviewAssert.Day("2027-06-09"), "LearningAndDevelopment", "northamptonshire"), (c.DueOn, c.Facts!["outcome"], c.Partnership)));
    }

    [Fact]
    public async Task A_notification_meets_the_stricter_local_N2_and_N10_and_waits_for_the_prosecution_before_publication()
    {
        // Aware Thursday 23 December 2027, received Friday 24th: Christmas (27, 28 Dec) and New Year (3 Jan 2028) bank holidays.
        var review = await Client.Open(Referrals.Complete("northamptonshire", "LocalAuthorityNotification", "2027-12-24", "2027-12-23"));
        var id = review.Id;
        Assert.Equal("RapidReview", review.State);
        // National N2, 5 WD after 23 Dec: 24, (27, 28 skipped) 29, 30, 31 Dec, (3 Jan skipped) 4 Jan 2028.
        AssertKey(review, "panel-notification", "N2", "2028-01-04", "open");
        // Northamptonshire's N2, five calendar days after 23 Dec: 28 Dec 2027.
        AssertKey(review, "panel-notification-calendar-days", "N2", "2027-12-28", "open");
        // N5, 15 WD after 24 Dec: 29, 30, 31 Dec, 4-7, 10-14, 17, 18, 19 Jan 2028.
        ReviewAssert.Due(review, "N5", "2028-01-19", "open");

        // Notified on 29 December: in time for the national rule, a day late for Northamptonshire's.
        review = await Client.Apply(id, "SeriousIncidentNotified", new { occurredOn = "2027-12-29" });
        Assert.Equal(("met", ReviewAssert.Day("2027-12-29")), (ByKey(review, "panel-notification").Status, ByKey(review, "panel-notification").MetOn));
        Assert.Equal(("missed", ReviewAssert.Day("2027-12-29")), (ByKey(review, "panel-notification-calendar-days").Status, ByKey(review, "panel-notification-calendar-days").MetOn));

        // The Additional Information template back within 7 WD: 31 Dec, (3 Jan skipped) 4, 5, 6, 7, 10, 11 Jan.
        review = await Client.Apply(id, "InformationRequestsSent", new { occurredOn = "2027-12-30", agencies = new[] { "Police", "School" }, dueOn = "2028-01-11" });
        ReviewAssert.Due(review, "northamptonshire:additional-information-returned", "2028-01-11", "open");
        await Client.Apply(id, "AgencyInformationReturned", new { occurredOn = "2028-01-07", agency = "Police", noRecords = false });
        review = await Client.Apply(id, "AgencyInformationReturned", new { occurredOn = "2028-01-10", agency = "School", noRecords = false });
        ReviewAssert.Due(review, "northamptonshire:additional-information-returned", "2028-01-11", "met");

        // The meeting must have all three partners (004 p.5): without the ICB it is recorded but does not count.
        review = await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = "2028-01-12", attendees = Referrals.FullMeeting(2).Where((_, i) => i != 2).ToArray() });
        Assert.False(Assert.Single(review.Meetings).Quorate);
        Assert.Null(review.KeyDates.Meeting);
        var notQuorate = await Client.Refuse(id, "RapidReviewReportDrafted", new { occurredOn = "2028-01-12" });
        Assert.Contains("no quorate Rapid Review meeting", (string?)notQuorate["detail"], StringComparison.Ordinal);
        review = await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = "2028-01-13", attendees = Referrals.FullMeeting() });
        Assert.True(review.Meetings[^1].Quorate);
        Assert.Equal(ReviewAssert.Day("2028-01-13"), review.KeyDates.Meeting);

        await Client.Apply(id, "RapidReviewReportDrafted", new { occurredOn = "2028-01-14" });
        await Client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = "2028-01-17", endorsedBy = new[] { "LocalAuthority", "Police", "Icb" } });
        review = await Client.Apply(id, "RapidReviewOutcomeDecided", new { occurredOn = "2028-01-18", outcome = "LocalReview", reason = "Significant learning for the partnership." });
        ReviewAssert.Due(review, "N5", "2028-01-19", "met");
        // N7: six months from 18 January 2028.
        ReviewAssert.Due(review, "N7", "2028-07-18", "open");

        review = await Client.Apply(id, "NationalPanelResponded", new { occurredOn = "2028-02-01", agreesWithOutcome = true, nationalReview = false });
        Assert.Equal("LocalReview", review.State);
        await Client.Apply(id, "CsprCommissioned", new { occurredOn = "2028-02-03" });

        // Recorded as not holding publication, but Northamptonshire publishes nothing until a prosecution completes (App 6).
        var prosecution = Guid.NewGuid();
        review = await Client.Apply(id, "ParallelProceedingRecorded", new { occurredOn = "2028-02-07", proceedingId = prosecution, kind = "Prosecution", holdsPublication = false });
        Assert.False(Assert.Single(review.Proceedings).HoldsPublication);
        Assert.Contains("holding publication (N17)", (await Client.Timeline(id))[^1].Detail, StringComparison.Ordinal);

        await Client.Apply(id, "LeadReviewerAppointed", new { occurredOn = "2028-02-10", reviewerName = "Dr Independent", conflictOfInterestDeclared = false });
        await Client.Apply(id, "TermsOfReferenceAgreed", new { occurredOn = "2028-02-14" });
        await Client.Apply(id, "FamilyEngagementRecorded", new { occurredOn = "2028-02-21", invited = true, participated = true });
        await Client.AttachReport(id, "2028-05-02");
        review = await Client.Apply(id, "FinalReportSignedOff", new { occurredOn = "2028-05-02" });
        Assert.Equal("PublicationPending", review.State);

        var held = await Client.Refuse(id, "PublicationScheduled", new { occurredOn = "2028-05-02", publishOn = "2028-06-30", learningOnly = false });
        Assert.Contains("held by a parallel proceeding (Prosecution, N17)", (string?)held["detail"], StringComparison.Ordinal);
        Assert.Null((await Client.Get(id)).KeyDates.PublicationScheduled);
        await Client.Apply(id, "ParallelProceedingConcluded", new { occurredOn = "2028-05-08", proceedingId = prosecution });

        // Friday 19 May 2028 from Monday 8 May: 7 WD back is 10 May (18, 17, 16, 15, 12, 11, 10), still ahead, but
        // 14 days back is 5 May, already past. The earliest date is Monday 22 May: 14 days back is 8 May (today),
        // 7 WD back is 11 May.
        var tooSoon = await Client.Refuse(id, "PublicationScheduled", new { occurredOn = "2028-05-08", publishOn = "2028-05-19", learningOnly = false });
        Assert.Equal("2028-05-22", (string?)tooSoon["earliestCompliantPublicationDate"]);

        // Wednesday 7 June 2028: 7 WD back is 26 May (6, 5, 2, 1 Jun, 31, 30 May, 29 May spring bank holiday skipped, 26 May);
        // 14 days back is 24 May, the stricter.
        review = await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2028-05-08", publishOn = "2028-06-07", learningOnly = false });
        Assert.Equal(ReviewAssert.Day("2028-06-07"), review.KeyDates.PublicationScheduled);
        AssertKey(review, "regulators-copies", "N10", "2028-05-26", "open");
        AssertKey(review, "panel-final-report", "N10", "2028-05-24", "open");
        var copies = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "FinalReportCopy", count: 3);
        Assert.Equal(new[] { "NationalPanel", "Ofsted", "SecretaryOfState" }, copies.Select(c => c.RecipientRole).Order());
        Assert.All(copies, c => Assert.Equal(("N10", ReviewAssert.Day("2028-05-24")), (c.Rule, c.DueOn)));
        var dates = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "PublicationDate", count: 4);
        Assert.Equal(new[] { "CommunicationsTeam", "ElectedMembers", "Family", "NationalPanel" }, dates.Select(c => c.RecipientRole).Order());
        Assert.All(dates, c => Assert.Equal(ReviewAssert.Day("2028-05-24"), c.DueOn));

        var endpoint = Factory.Services.GetRequiredService<IBus>();
        foreach (var copy in copies)
        {
            await endpoint.Publish(new StatutoryNotificationSent(id, ReviewAssert.Day("2028-05-23"), copy.IdempotencyKey, copy.NotificationKind, copy.RecipientRole));
        }

        review = await Client.Eventually(id, r => r.Deadlines.Where(d => d.Rule == "N10").All(d => d.Status == "met"));
        Assert.All(review.Deadlines.Where(d => d.Rule == "N10"), d => Assert.Equal(("met", ReviewAssert.Day("2028-05-23")), (d.Status, d.MetOn)));

        review = await Client.Apply(id, "ReportPublished", new { occurredOn = "2028-06-07", url = "https://example.org/nscp-cspr.pdf", publishedOn = "2028-06-07" });
        Assert.Equal("Published", review.State);
        ReviewAssert.Due(review, "N7", "2028-07-18", "met");
        await Bus.WaitFor<SubmitToNspccRepository>(c => c.ReviewId == id);
    }

    private static DeadlineView ByKey(ReviewView review, string key) => Assert.Single(review.Deadlines, d => d.Key == key && d.Subject is null);

    private static void AssertKey(ReviewView review, string key, string rule, string dueOn, string status)
    {
        var deadline = ByKey(review, key);
        Assert.Equal((rule, ReviewAssert.Day(dueOn), status), (deadline.Rule, deadline.DueOn, deadline.Status));
    }
}
