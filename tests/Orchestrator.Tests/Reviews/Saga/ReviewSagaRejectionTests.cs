using System.Collections.Concurrent;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews.Saga;

/// <summary>
/// Every rejection by state on the bus: each event published to a review in each state that does not accept it
/// is rejected (ReviewEventRejected published with the review's state and the events it does accept, a rejected
/// timeline entry) and changes nothing else; an event about a review that does not exist is rejected with no state.
/// </summary>
public sealed class ReviewSagaRejectionTests(ReviewSagaRejectionTests.ReviewsInEveryState reviews)
    : IClassFixture<ReviewSagaRejectionTests.ReviewsInEveryState>
{
    private readonly ReviewSagaHarness bus = reviews.Bus;

    /// <summary>Every (event, state) pair where the state is not among the event's accepting states.</summary>
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var state in Lifecycle.States)
        {
            foreach (var eventName in Lifecycle.Events.Where(e => !Lifecycle.Rule(e).From.Contains(state)))
            {
                cases.Add(eventName, state);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_event_in_a_state_that_does_not_accept_it_is_rejected_and_changes_nothing_but_the_timeline(string eventName, string state)
    {
        if (state == Lifecycle.Initial)
        {
            await AnEventForNoReviewIsRejected(eventName);
            return;
        }

        var id = await reviews.ReviewIn(state);
        try
        {
            var before = await bus.Review(id);
            Assert.NotNull(before);
            var eventId = Guid.NewGuid();
            var message = ReviewEvents.Make(eventName, id, ReviewDriver.DateIn(state), eventId, before);

            // A referral names the review it is about by the message's correlation id.
            await bus.Publish(message, correlationId: eventName == nameof(ReferralSubmitted) ? id : null);

            var rejected = await bus.Published<ReviewEventRejected>(r => r.EventId == eventId);
            var reason = $"{eventName} is not accepted while the review is {state}";
            Assert.Equal((id, eventName, (Guid?)eventId, state, reason), (rejected.ReviewId, rejected.EventName, rejected.EventId, rejected.CurrentState, rejected.Reason));
            Assert.Equal(bus.Machine.AcceptedIn(state), rejected.AcceptedEvents);
            Assert.Null(rejected.EarliestCompliantPublicationDate);

            var entry = Assert.Single(await bus.Timeline(id), t => t.EventId == eventId);
            Assert.Equal((eventName, TimelineEntry.Rejected, state, state, reason), (entry.Event, entry.Outcome, entry.StateBefore, entry.StateAfter, entry.Detail));
            Assert.Equal(before.TimelineLength + 1, entry.Sequence);

            var after = await bus.Review(id);
            Assert.NotNull(after);
            Assert.Equal(entry.Sequence, after.TimelineLength);
            Assert.Equal(entry.Hash, after.TimelineHead);
            Assert.Equal(state, after.CurrentState);
            Assert.Equal(ReviewSagaHarness.Snapshot(before), ReviewSagaHarness.Snapshot(after));
        }
        catch
        {
            // The shared review may no longer be in the state; the next case drives a fresh one.
            reviews.Forget(state);
            throw;
        }
    }

    private async Task AnEventForNoReviewIsRejected(string eventName)
    {
        var id = Guid.NewGuid();
        var eventId = Guid.NewGuid();

        await bus.Publish(ReviewEvents.Make(eventName, id, ReviewDriver.DateIn(Lifecycle.Initial), eventId));

        var rejected = await bus.Published<ReviewEventRejected>(r => r.EventId == eventId);
        Assert.Equal((id, eventName, (Guid?)eventId, (string?)null, "there is no such review"),
            (rejected.ReviewId, rejected.EventName, rejected.EventId, rejected.CurrentState, rejected.Reason));

        // With no review there is no state and nothing it accepts (the contract: CurrentState null when there is no such review).
        Assert.Empty(rejected.AcceptedEvents);
        Assert.Null(await bus.Review(id));
        Assert.Empty(await bus.Timeline(id));
    }

    /// <summary>The harness, and one review per state that the rejections of that state share (a rejection changes nothing but the timeline).</summary>
    public sealed class ReviewsInEveryState : IAsyncLifetime
    {
        private readonly ConcurrentDictionary<string, Guid> byState = new(StringComparer.Ordinal);

        public ReviewSagaHarness Bus { get; } = new();

        public Task InitializeAsync() => Bus.InitializeAsync();

        public Task DisposeAsync() => Bus.DisposeAsync();

        /// <summary>A review in <paramref name="state"/>, driven there the first time it is asked for.</summary>
        public async Task<Guid> ReviewIn(string state)
        {
            if (byState.TryGetValue(state, out var id))
            {
                return id;
            }

            id = await new ReviewDriver(Bus).DriveTo(state);
            byState[state] = id;
            return id;
        }

        /// <summary>Stops sharing the review in <paramref name="state"/>.</summary>
        public void Forget(string state) => byState.TryRemove(state, out _);
    }
}
