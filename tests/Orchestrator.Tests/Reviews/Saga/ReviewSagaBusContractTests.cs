using MassTransit;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews.Saga;

/// <summary>
/// What the saga promises on the bus besides the lifecycle itself: repeated events are applied once, requests are
/// answered, an incomplete referral faults without storing anything or naming the child, and the timeline is a
/// hash chain.
/// </summary>
public sealed class ReviewSagaBusContractTests(ReviewSagaHarness bus) : IClassFixture<ReviewSagaHarness>
{
    private readonly ReviewDriver driver = new(bus);

    [Fact]
    public async Task The_same_event_published_twice_is_applied_once()
    {
        var id = await driver.DriveTo("AwaitingDecision");
        var before = (await bus.Review(id))!;
        var eventId = Guid.NewGuid();
        var recommendation = new TriageRecommendationMade(id, new(2027, 3, 2), PartnerDecision.RapidReview, "The criteria appear to be met.", eventId);

        await bus.Publish(recommendation, messageId: Guid.NewGuid());
        var first = await bus.TimelineWhen(id, t => t.Any(e => e.EventId == eventId));
        var afterFirst = (await bus.Review(id))!;
        var again = Guid.NewGuid();
        await bus.Publish(recommendation, messageId: again);
        await bus.Received(again);

        var after = (await bus.Review(id))!;
        var timeline = await bus.Timeline(id);
        var entry = Assert.Single(timeline, e => e.EventId == eventId);
        Assert.Equal(TimelineEntry.Applied, entry.Outcome);
        Assert.Equal(first.Count, timeline.Count);
        Assert.Equal(before.Version + 1, afterFirst.Version);
        Assert.Equal(afterFirst.Version, after.Version);
        Assert.Equal(before.TimelineLength + 1, after.TimelineLength);
        Assert.Single(after.Recommendations);
        Assert.Empty(bus.AllPublished<ReviewEventRejected>(r => r.EventId == eventId));
    }

    [Fact]
    public async Task A_repeated_request_is_answered_applied_as_a_duplicate_even_where_the_event_is_no_longer_accepted()
    {
        var id = await driver.DriveTo("AwaitingDecision");
        var eventId = Guid.NewGuid();
        var closure = new ReviewClosed(id, new(2027, 3, 2), "The referrer withdrew the referral.", eventId);

        var first = await bus.Request(closure);
        var version = (await bus.Review(id))!.Version;
        var second = await bus.Request(closure);

        Assert.Equal(new ReviewEventApplied(id, nameof(ReviewClosed), eventId, "Closed", false), first.Applied);
        Assert.Equal(new ReviewEventApplied(id, nameof(ReviewClosed), eventId, "Closed", true), second.Applied);
        var review = (await bus.Review(id))!;
        Assert.Equal(version, review.Version);
        Assert.Single(await bus.Timeline(id), e => e.EventId == eventId);
        Assert.Empty(bus.AllPublished<ReviewEventRejected>(r => r.EventId == eventId));
    }

    [Fact]
    public async Task A_repeated_referral_opens_one_review_and_is_answered_as_a_duplicate()
    {
        var id = Guid.NewGuid();
        var referral = ReviewDriver.Referral("warrington", ReviewRoute.LocalAuthorityNotification, id);

        var first = await bus.Request(referral);
        var second = await bus.Request(referral);

        Assert.Equal(new ReviewEventApplied(id, nameof(ReferralSubmitted), id, "RapidReview", false), first.Applied);
        Assert.Equal(new ReviewEventApplied(id, nameof(ReferralSubmitted), id, "RapidReview", true), second.Applied);
        var review = (await bus.Review(id))!;
        Assert.Equal((1, 1), (review.Version, review.TimelineLength));
        Assert.NotNull(await bus.Referral(id));
    }

    [Fact]
    public async Task An_event_rejected_by_state_and_sent_again_with_the_same_id_once_the_state_accepts_it_is_applied()
    {
        var id = await driver.DriveTo("AwaitingDecision");
        var eventId = Guid.NewGuid();
        var requests = new InformationRequestsSent(id, new(2027, 3, 3), ["Police", "Health visiting"], new(2027, 3, 12), eventId);

        await bus.Publish(requests);
        var refused = await bus.Published<ReviewEventRejected>(r => r.EventId == eventId);
        Assert.Equal("AwaitingDecision", refused.CurrentState);

        await driver.Prepare(nameof(PartnerDecisionRecorded), id, "AwaitingDecision");
        Assert.Equal("RapidReview", await driver.Apply(ReviewEvents.Make(nameof(PartnerDecisionRecorded), id, new(2027, 3, 2), Guid.NewGuid())));
        await bus.Publish(requests);

        var timeline = await bus.TimelineWhen(id, t => t.Any(e => e.EventId == eventId && e.Outcome == TimelineEntry.Applied));
        var sent = timeline.Where(e => e.EventId == eventId).ToList();
        Assert.Equal(
            [(TimelineEntry.Rejected, "AwaitingDecision", "AwaitingDecision"), (TimelineEntry.Applied, "RapidReview", "RapidReview")],
            sent.Select(e => (e.Outcome, e.StateBefore, e.StateAfter)));
        var review = (await bus.Review(id))!;
        Assert.Equal(["Police", "Health visiting"], review.AgencyRequests.Select(r => r.Agency));
    }

    [Fact]
    public async Task An_event_refused_by_a_guard_and_sent_again_with_the_same_id_once_the_guard_is_met_is_applied()
    {
        var id = await driver.DriveTo("RapidReview");
        var eventId = Guid.NewGuid();
        var drafted = new RapidReviewReportDrafted(id, new(2027, 3, 2), eventId);

        var refused = await bus.Request(drafted);
        Assert.Equal("no quorate Rapid Review meeting has been held", refused.Rejected?.Reason);
        await driver.Apply(new RapidReviewMeetingHeld(id, new(2027, 3, 2), ReviewDriver.FullMeeting, Guid.NewGuid()));
        var applied = await bus.Request(drafted);

        Assert.Equal(new ReviewEventApplied(id, nameof(RapidReviewReportDrafted), eventId, "RapidReview", false), applied.Applied);
        Assert.Equal(new DateOnly(2027, 3, 2), (await bus.Review(id))!.ReportDraftedOn);
        Assert.Equal([TimelineEntry.Rejected, TimelineEntry.Applied], (await bus.Timeline(id)).Where(e => e.EventId == eventId).Select(e => e.Outcome));
    }

    [Fact]
    public async Task An_event_sent_as_a_request_is_answered_applied_with_the_state_after_it()
    {
        var id = await driver.DriveTo("AwaitingDecision");
        await driver.Prepare(nameof(PartnerDecisionRecorded), id, "AwaitingDecision");
        var eventId = Guid.NewGuid();

        var answer = await bus.Request(new PartnerDecisionRecorded(id, new(2027, 3, 2), StatutoryPartner.Icb, PartnerDecision.RapidReview, "Criteria met.", eventId));

        Assert.Null(answer.Rejected);
        Assert.Equal(new ReviewEventApplied(id, nameof(PartnerDecisionRecorded), eventId, "RapidReview", false), answer.Applied);
        Assert.Equal("RapidReview", (await bus.Review(id))!.CurrentState);
    }

    [Fact]
    public async Task An_event_the_review_refuses_as_a_request_is_answered_rejected_with_its_state_and_the_events_it_accepts()
    {
        var id = await driver.DriveTo("RapidReview");
        var byState = Guid.NewGuid();
        var byGuard = Guid.NewGuid();

        var wrongState = await bus.Request(new FinalReportSignedOff(id, new(2027, 3, 2), byState));
        var guarded = await bus.Request(new RapidReviewReportEndorsed(id, new(2027, 3, 2), ReviewDriver.AllPartners, byGuard));

        Assert.Null(wrongState.Applied);
        Assert.Equal((id, nameof(FinalReportSignedOff), (Guid?)byState, "RapidReview", "FinalReportSignedOff is not accepted while the review is RapidReview"),
            (wrongState.Rejected!.ReviewId, wrongState.Rejected.EventName, wrongState.Rejected.EventId, wrongState.Rejected.CurrentState, wrongState.Rejected.Reason));
        Assert.Equal(bus.Machine.AcceptedIn("RapidReview"), wrongState.Rejected.AcceptedEvents);
        Assert.Equal(("RapidReview", "the Rapid Review report has not been drafted"), (guarded.Rejected!.CurrentState, guarded.Rejected.Reason));
        Assert.Equal(bus.Machine.AcceptedIn("RapidReview"), guarded.Rejected.AcceptedEvents);

        // The answer is also published, for everyone else listening.
        Assert.Equal("RapidReview", (await bus.Published<ReviewEventRejected>(r => r.EventId == byState)).CurrentState);
        Assert.Equal("RapidReview", (await bus.Published<ReviewEventRejected>(r => r.EventId == byGuard)).CurrentState);
        Assert.Equal(2, (await bus.Timeline(id)).Count(e => e.Outcome == TimelineEntry.Rejected));
    }

    [Fact]
    public async Task An_event_for_a_review_that_does_not_exist_is_answered_rejected_with_no_state()
    {
        var id = Guid.NewGuid();
        var eventId = Guid.NewGuid();

        var answer = await bus.Request(new SeriousIncidentNotified(id, new(2027, 3, 2), eventId));

        Assert.Null(answer.Applied);
        Assert.Equal((id, nameof(SeriousIncidentNotified), (Guid?)eventId, (string?)null, "there is no such review"),
            (answer.Rejected!.ReviewId, answer.Rejected.EventName, answer.Rejected.EventId, answer.Rejected.CurrentState, answer.Rejected.Reason));
        Assert.Empty(answer.Rejected.AcceptedEvents);
        Assert.Null(await bus.Review(id));
        Assert.Empty(await bus.Timeline(id));
    }

    [Fact]
    public async Task A_referral_sent_as_a_request_is_answered_with_the_state_the_route_opens_in()
    {
        var notification = Guid.NewGuid();
        var ale = Guid.NewGuid();
        var agency = Guid.NewGuid();

        var rapid = await bus.Request(ReviewDriver.Referral("warrington", ReviewRoute.LocalAuthorityNotification, notification));
        var elsewhere = await bus.Request(ReviewDriver.Referral("gloucestershire", ReviewRoute.AcuteLifeThreateningEvent, ale));
        var awaiting = await bus.Request(ReviewDriver.Referral("warrington", ReviewRoute.AgencyReferral, agency));

        Assert.Equal("RapidReview", rapid.Applied?.State);
        Assert.Equal("ReferredElsewhere", elsewhere.Applied?.State);
        Assert.Equal("AwaitingDecision", awaiting.Applied?.State);
        Assert.Equal("RapidReview", (await bus.Review(notification))!.CurrentState);
    }

    [Fact]
    public async Task An_incomplete_referral_on_the_bus_stores_nothing_and_is_returned_naming_the_fields_but_not_the_child()
    {
        var id = Guid.NewGuid();
        var complete = ReviewDriver.Referral("warrington", ReviewRoute.LocalAuthorityNotification, id);
        var incomplete = complete with
        {
            Referrer = complete.Referrer with { Email = "not an address" },
            Summary = " ",
            ReasonForReferral = string.Empty,
        };
        var messageId = Guid.NewGuid();

        await bus.Publish(incomplete, messageId: messageId);

        var returned = await bus.Published<ReferralReturned>(r => r.EventId == id);
        await bus.Received(messageId);
        Assert.Equal(("warrington", id), (returned.Partnership, returned.ReviewId));
        Assert.Equal(new[] { "reasonForReferral", "referrer.email", "summary" }, returned.Problems.Keys.Order(StringComparer.Ordinal));
        var words = string.Join(" ", returned.Problems.SelectMany(p => p.Value));
        Assert.DoesNotContain("Amelia", words, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not an address", words, StringComparison.Ordinal);

        // Returned by the gate before the saga: no fault (which would carry the whole referral) is raised.
        Assert.Empty(bus.AllPublished<Fault<ReferralSubmitted>>(f => f.Message.EventId == id));
        Assert.Null(await bus.Review(id));
        Assert.Null(await bus.Referral(id));
        Assert.Empty(await bus.Timeline(id));
        Assert.Empty(bus.AllPublished<ReviewEventRejected>(r => r.ReviewId == id));
    }

    [Fact]
    public async Task The_timeline_is_a_hash_chain_that_each_entry_reproduces()
    {
        var id = await driver.DriveTo("LearningMonitoring");
        await bus.Request(new FinalReportSignedOff(id, new(2027, 8, 2), Guid.NewGuid()));
        await driver.Apply(new LearningActionCompleted(id, new(2027, 8, 2), "A1", Guid.NewGuid()));

        var timeline = await bus.Timeline(id);
        var review = (await bus.Review(id))!;

        Assert.True(timeline.Count > 20, $"Expected a long timeline, got {timeline.Count} entries.");
        Assert.Equal(Enumerable.Range(1, timeline.Count), timeline.Select(e => e.Sequence));
        Assert.Equal(TimelineEntry.GenesisHash, timeline[0].PreviousHash);
        for (var i = 0; i < timeline.Count; i++)
        {
            Assert.Equal(timeline[i].Hash, timeline[i].ComputeHash());
            if (i > 0)
            {
                Assert.Equal(timeline[i - 1].Hash, timeline[i].PreviousHash);
            }
        }

        Assert.Equal(timeline.Count, timeline.Select(e => e.Hash).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal((timeline.Count, timeline[^1].Hash), (review.TimelineLength, review.TimelineHead));
        Assert.Contains(timeline, e => e.Outcome == TimelineEntry.Rejected);

        // The hash covers the content: an entry changed after the fact no longer reproduces its hash.
        var tampered = timeline[5];
        var recorded = tampered.Hash;
        tampered.Detail += " (edited)";
        Assert.NotEqual(recorded, tampered.ComputeHash());
    }
}
