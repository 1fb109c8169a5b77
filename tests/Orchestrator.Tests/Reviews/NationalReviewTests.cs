using Orchestration.Contracts;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>
/// The national statutory minimum used directly as a partnership's profile: the three partners decide an
/// agency referral and must all be at the Rapid Review meeting (no local quorum), a looked-after child's death
/// is notified once whatever the review's state (N3), and a national review takes the case from the partnership (N6, N7).
/// </summary>
public class NationalReviewTests : ReviewScenario
{
    [Fact]
    public async Task The_partners_agree_a_Rapid_Review_and_a_meeting_without_the_police_is_not_quorate()
    {
        // Received Friday 27 August 2027, aware the day before.
        var review = await Client.Open(Referrals.Complete("national", "AgencyReferral", "2027-08-27", "2027-08-26"));
        var id = review.Id;
        Assert.Equal("AwaitingDecision", review.State);
        // N5, 15 WD after 27 Aug: (30 Aug summer bank holiday skipped) 31 Aug, 1-3, 6-10, 13-17, 20 Sep.
        ReviewAssert.Due(review, "N5", "2027-09-20", "open");
        Assert.Contains("skipping 30 Aug 2027 (Summer bank holiday)", ReviewAssert.Deadline(review, "N5").Derivation, StringComparison.Ordinal);
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "N2");

        // No body recommends in the national procedure: the partners decide straight away, and must all agree.
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-08-31", partner = "Police", decision = "RapidReview", reason = "Criteria met." });
        Assert.Equal("AwaitingDecision", review.State);
        await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-08-31", partner = "Icb", decision = "RapidReview", reason = "Criteria met." });
        review = await Client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-09-01", partner = "LocalAuthority", decision = "RapidReview", reason = "Criteria met." });
        Assert.Equal("RapidReview", review.State);
        Assert.Equal(ReviewAssert.Day("2027-09-01"), review.KeyDates.RouteDecided);

        // The national default quorum: all three partners (N5). Local authority, ICB and two practitioners are not enough.
        review = await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = "2027-09-09", attendees = Referrals.FullMeeting(2).Where((_, i) => i != 1).ToArray() });
        var meeting = Assert.Single(review.Meetings);
        Assert.False(meeting.Quorate);
        Assert.Equal(4, meeting.Attendees);
        Assert.Null(review.KeyDates.Meeting);
        var note = (await Client.Timeline(id))[^1].Detail;
        Assert.Contains("not quorate (N5: the Rapid Review is the safeguarding partners')", note, StringComparison.Ordinal);
        Assert.Contains("missing Police", note, StringComparison.Ordinal);
        var refused = await Client.Refuse(id, "RapidReviewReportDrafted", new { occurredOn = "2027-09-09" });
        Assert.Contains("no quorate Rapid Review meeting", (string?)refused["detail"], StringComparison.Ordinal);

        review = await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = "2027-09-10", attendees = Referrals.FullMeeting() });
        Assert.True(review.Meetings[^1].Quorate);
        Assert.Equal(ReviewAssert.Day("2027-09-10"), review.KeyDates.Meeting);
        // Now the report can be drafted.
        review = await Client.Apply(id, "RapidReviewReportDrafted", new { occurredOn = "2027-09-13" });
        Assert.Equal("RapidReview", review.State);
        Assert.Equal(2, review.Meetings.Count);
    }

    [Fact]
    public async Task A_looked_after_childs_death_is_notified_to_Ofsted_and_the_Secretary_of_State_once_whatever_the_state()
    {
        // Looked after and died, known at referral (Thursday 2 September 2027): N3 at once.
        var referral = Referrals.Complete("national", "LocalAuthorityNotification", "2027-09-02", "2027-09-01");
        referral["lookedAfterChild"] = true;
        referral["childDied"] = true;
        var review = await Client.Open(referral);
        var id = review.Id;
        var first = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "LookedAfterChildDeath", count: 2);
        Assert.Equal(new[] { "Ofsted", "SecretaryOfState" }, first.Select(c => c.RecipientRole).Order());
        Assert.All(first, c => Assert.Equal(("N3", ReviewAssert.Day("2027-09-02"), "national"), (c.Rule, c.DueOn, c.Partnership)));
        Assert.Equal(2, review.Deliveries.Count(d => d.Kind.ToString() == "LookedAfterChildDeath"));

        // Reported again later: already notified, nothing new owed.
        review = await Client.Apply(id, "LookedAfterChildDeathReported", new { occurredOn = "2027-09-06" });
        Assert.Equal(2, review.Deliveries.Count(d => d.Kind.ToString() == "LookedAfterChildDeath"));
        Assert.Contains("already notified (N3)", (await Client.Timeline(id))[^1].Detail, StringComparison.Ordinal);

        // Another child, not looked after at referral: the partners decide against a Rapid Review and the review closes.
        var other = await Client.Open(Referrals.Complete("national", "AgencyReferral", "2027-09-03", "2027-09-02"));
        foreach (var partner in new[] { "LocalAuthority", "Police", "Icb" })
        {
            await Client.Apply(other.Id, "PartnerDecisionRecorded", new { occurredOn = "2027-09-07", partner, decision = "NoRapidReview", reason = "Criteria not met." });
        }

        other = await Client.Get(other.Id);
        Assert.Equal("Closed", other.State);
        Assert.DoesNotContain(other.Deliveries, d => d.Kind.ToString() == "LookedAfterChildDeath");

        // The child was looked after and has died: reported on the closed review, N3 is owed then.
        other = await Client.Apply(other.Id, "LookedAfterChildDeathReported", new { occurredOn = "2027-10-04" });
        Assert.Equal("Closed", other.State);
        var later = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == other.Id && c.NotificationKind == "LookedAfterChildDeath", count: 2);
        Assert.Equal(new[] { "Ofsted", "SecretaryOfState" }, later.Select(c => c.RecipientRole).Order());
        Assert.All(later, c => Assert.Equal(("N3", ReviewAssert.Day("2027-10-04")), (c.Rule, c.DueOn)));
        Assert.Equal(2, other.Deliveries.Count(d => d.Kind.ToString() == "LookedAfterChildDeath"));

        // The first review's commands were not repeated by its second report.
        Assert.Equal(2, Bus.All<SendStatutoryNotification>().Count(c => c.ReviewId == id && c.NotificationKind == "LookedAfterChildDeath"));
    }

    [Fact]
    public async Task A_national_review_takes_the_case_from_the_partnership_and_cancels_N7()
    {
        // Aware Friday 31 December 2027, received Tuesday 4 January 2028 (Monday 3rd is the New Year bank holiday).
        var review = await Client.Open(Referrals.Complete("national", "LocalAuthorityNotification", "2028-01-04", "2027-12-31"));
        var id = review.Id;
        // N2, 5 WD after 31 Dec: (3 Jan skipped) 4, 5, 6, 7, 10 Jan. N5, 15 WD after 4 Jan: 5-7, 10-14, 17-21, 24, 25 Jan.
        ReviewAssert.Due(review, "N2", "2028-01-10", "open");
        ReviewAssert.Due(review, "N5", "2028-01-25", "open");
        review = await Client.Apply(id, "SeriousIncidentNotified", new { occurredOn = "2028-01-06" });
        ReviewAssert.Due(review, "N2", "2028-01-10", "met");

        await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = "2028-01-17", attendees = Referrals.FullMeeting() });
        await Client.Apply(id, "RapidReviewReportDrafted", new { occurredOn = "2028-01-18" });
        await Client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = "2028-01-20", endorsedBy = new[] { "LocalAuthority", "Police", "Icb" } });
        review = await Client.Apply(id, "RapidReviewOutcomeDecided", new { occurredOn = "2028-01-21", outcome = "LocalReview", reason = "Learning for the partnership." });
        Assert.Equal("RapidReviewSubmitted", review.State);
        ReviewAssert.Due(review, "N5", "2028-01-25", "met");
        // N7: six months from 21 January 2028.
        ReviewAssert.Due(review, "N7", "2028-07-21", "open");

        review = await Client.Apply(id, "NationalPanelResponded", new { occurredOn = "2028-02-07", agreesWithOutcome = false, nationalReview = true });
        Assert.Equal("NationalReview", review.State);
        ReviewAssert.Due(review, "N7", "2028-07-21", "cancelled");
        ReviewAssert.Due(review, "N5", "2028-01-25", "met");
        Assert.DoesNotContain(review.Deadlines, d => d.Status == "open");
        var commission = await Client.Refuse(id, "CsprCommissioned", new { occurredOn = "2028-02-09" });
        Assert.Equal("NationalReview", (string?)commission["currentState"]);
    }
}
