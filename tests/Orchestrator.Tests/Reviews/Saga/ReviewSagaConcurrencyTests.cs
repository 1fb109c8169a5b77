using MassTransit;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews.Saga;

/// <summary>
/// Events for one review arriving together: the repository's optimistic concurrency (the version token) and the
/// saga's retry must apply every one of them, once, and lose nothing. The first save of each event is held back
/// a little (<see cref="ReviewSagaHarness.FirstSaveDelay"/>) so that the transitions really overlap and collide,
/// as they do on a busier machine; each test checks that collisions happened, so it cannot pass vacuously. Within one
/// process messages for a review take turns (<see cref="ReviewTurns"/>), so these harnesses turn that off: they stand
/// for the copies that two instances process at once.
/// </summary>
public sealed class ReviewSagaConcurrencyTests(ReviewSagaConcurrencyTests.ContendedReviews contended)
    : ReviewSagaConcurrencyScenarios(contended.Bus), IClassFixture<ReviewSagaConcurrencyTests.ContendedReviews>
{
    /// <summary>A harness whose first save of each event waits 30 ms, so that events dispatched together overlap, and whose reviews do not take turns.</summary>
    public sealed class ContendedReviews : IAsyncLifetime
    {
        public ReviewSagaHarness Bus { get; } = new() { FirstSaveDelay = FirstSaveDelay, TakeTurns = false };

        public Task InitializeAsync() => Bus.InitializeAsync();

        public Task DisposeAsync() => Bus.DisposeAsync();
    }
}

/// <summary>The scenarios of <see cref="ReviewSagaConcurrencyTests"/>, on whichever database the harness keeps the reviews in.</summary>
public abstract class ReviewSagaConcurrencyScenarios(ReviewSagaHarness bus)
{
    /// <summary>How long the first save of each event waits, so that events dispatched together overlap.</summary>
    public static readonly TimeSpan FirstSaveDelay = TimeSpan.FromMilliseconds(30);

    private readonly ReviewDriver driver = new(bus);

    [Fact]
    public async Task Twenty_agency_returns_published_at_once_are_all_applied()
    {
        var id = await driver.DriveTo("RapidReview");
        var agencies = Enumerable.Range(1, 20).Select(i => $"Agency {i:00}").ToList();
        await driver.Apply(new InformationRequestsSent(id, new(2027, 3, 2), agencies, new(2027, 3, 12), Guid.NewGuid()));
        var before = (await bus.Review(id))!;
        var conflictsBefore = bus.Conflicts;
        var returns = agencies.Select(agency => new AgencyInformationReturned(id, new(2027, 3, 8), agency, false, Guid.NewGuid())).ToList();
        var eventIds = returns.Select(r => r.EventId).ToHashSet();
        var messageIds = returns.Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(returns.Select((r, i) => bus.Publish(r, messageId: messageIds[i])));
        foreach (var messageId in messageIds)
        {
            await bus.Received(messageId, TimeSpan.FromSeconds(30));
        }

        Assert.True(bus.Conflicts > conflictsBefore, "No two returns collided: the test did not exercise the concurrency it is about.");
        var faults = bus.AllPublished<Fault<AgencyInformationReturned>>(f => f.Message.ReviewId == id);
        Assert.True(faults.Count == 0,
            $"{faults.Count} of {returns.Count} returns faulted and were lost ({bus.Conflicts - conflictsBefore} refused saves): "
            + string.Join(" | ", faults.Select(f => $"{f.Message.Agency}: {f.Exceptions.FirstOrDefault()?.ExceptionType}")));
        var timeline = await bus.Timeline(id);
        var applied = timeline.Where(e => eventIds.Contains(e.EventId)).ToList();
        Assert.Equal(returns.Count, applied.Count);
        Assert.All(applied, e => Assert.Equal(TimelineEntry.Applied, e.Outcome));

        var after = (await bus.Review(id))!;
        Assert.All(after.AgencyRequests, r => Assert.Equal(new DateOnly(2027, 3, 8), r.ReturnedOn));
        Assert.Equal(before.Version + returns.Count, after.Version);
        Assert.Equal(before.TimelineLength + returns.Count, after.TimelineLength);
        Assert.Equal(Enumerable.Range(1, timeline.Count), timeline.Select(e => e.Sequence));
        Assert.All(timeline.Skip(1).Zip(timeline), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.Single(timeline, e => e.Detail.Contains("every agency asked has returned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_copies_of_one_event_arriving_together_are_applied_once_and_neither_faults()
    {
        // ReviewEventGate: "Two copies racing each other both pass here; the timeline's unique index lets
        // only one commit, and the retry of the other stops here."
        var id = await driver.DriveTo("AwaitingDecision");
        var before = (await bus.Review(id))!;
        var eventId = Guid.NewGuid();
        var recommendation = new TriageRecommendationMade(id, new(2027, 3, 2), PartnerDecision.RapidReview, "The criteria appear to be met.", eventId);
        var copies = new[] { Guid.NewGuid(), Guid.NewGuid() };

        await Task.WhenAll(copies.Select(messageId => bus.Publish(recommendation, messageId: messageId)));
        foreach (var messageId in copies)
        {
            await bus.Received(messageId, TimeSpan.FromSeconds(30));
        }

        // Two ways to settle it, both exercised here depending on timing: the copies collide on the review's version
        // (the loser's retry stops at the gate), or the second reads the review after the first committed and finds
        // the event id in the timeline (answered as a repeat, nothing written). Either way what follows holds.
        var faults = bus.AllPublished<Fault<TriageRecommendationMade>>(f => f.Message.EventId == eventId);
        Assert.True(faults.Count == 0, $"A copy faulted: {string.Join(" | ", faults.Select(f => f.Exceptions.FirstOrDefault()?.ExceptionType))}");
        Assert.Single(await bus.Timeline(id), e => e.EventId == eventId);
        var after = (await bus.Review(id))!;
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Single(after.Recommendations);
    }
}

/// <summary>
/// The same burst in one process, where the review's messages take turns: every one is applied and none collides with
/// another, so none needs the retry.
/// </summary>
public sealed class ReviewTurnsTests(ReviewTurnsTests.SlowReviews slow) : IClassFixture<ReviewTurnsTests.SlowReviews>
{
    /// <summary>A harness whose first save of each event waits, as the contended one does, with turns taken.</summary>
    public sealed class SlowReviews : IAsyncLifetime
    {
        public ReviewSagaHarness Bus { get; } = new() { FirstSaveDelay = ReviewSagaConcurrencyScenarios.FirstSaveDelay };

        public Task InitializeAsync() => Bus.InitializeAsync();

        public Task DisposeAsync() => Bus.DisposeAsync();
    }

    [Fact]
    public async Task Twenty_agency_returns_at_once_take_turns_and_none_collides()
    {
        var bus = slow.Bus;
        var driver = new ReviewDriver(bus);
        var id = await driver.DriveTo("RapidReview");
        var agencies = Enumerable.Range(1, 20).Select(i => $"Agency {i:00}").ToList();
        await driver.Apply(new InformationRequestsSent(id, new(2027, 3, 2), agencies, new(2027, 3, 12), Guid.NewGuid()));
        var conflictsBefore = bus.Conflicts;
        var returns = agencies.Select(agency => new AgencyInformationReturned(id, new(2027, 3, 8), agency, false, Guid.NewGuid())).ToList();
        var messageIds = returns.Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(returns.Select((r, i) => bus.Publish(r, messageId: messageIds[i])));
        foreach (var messageId in messageIds)
        {
            await bus.Received(messageId, TimeSpan.FromSeconds(30));
        }

        Assert.Equal(conflictsBefore, bus.Conflicts);
        var applied = (await bus.Timeline(id)).Where(e => returns.Any(r => r.EventId == e.EventId)).ToList();
        Assert.Equal(returns.Count, applied.Count);
    }
}
