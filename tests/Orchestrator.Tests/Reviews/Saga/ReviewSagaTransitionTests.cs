using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews.Saga;

/// <summary>
/// Every declared transition on the bus: for each rule of <see cref="ReviewStateMachine.Transitions"/> and each
/// state it accepts the event in, a review is driven to that state by a realistic sequence, given what the
/// event's guards need, and sent the event with valid data. It must be applied and end where the rule says.
/// </summary>
public sealed class ReviewSagaTransitionTests(ReviewSagaHarness bus) : IClassFixture<ReviewSagaHarness>
{
    /// <summary>
    /// (event, state) pairs left out, with the reason. None is: every pair can be reached by events alone.
    /// </summary>
    public static readonly IReadOnlyDictionary<(string Event, string State), string> Excluded =
        new Dictionary<(string Event, string State), string>();

    private readonly ReviewDriver driver = new(bus);

    /// <summary>Every (event, accepting state) pair of the declared lifecycle.</summary>
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var rule in Lifecycle.Machine.Transitions)
        {
            foreach (var state in rule.From.Where(s => !Excluded.ContainsKey((rule.Event, s))))
            {
                cases.Add(rule.Event, state);
            }
        }

        return cases;
    }

    [Fact]
    public void The_declared_lifecycle_is_the_one_these_tests_cover()
    {
        // Guards the table: every state is reachable (accepts something or is Initial) and every event has a rule.
        var accepting = Lifecycle.Machine.Transitions.SelectMany(t => t.From).ToHashSet(StringComparer.Ordinal);
        Assert.All(Lifecycle.States, state => Assert.Contains(state, accepting));
        Assert.Equal(Lifecycle.Machine.Transitions.Count, Lifecycle.Events.Count);
        Assert.Equal(Cases().Count + Excluded.Count, Lifecycle.Machine.Transitions.Sum(t => t.From.Count));
        Assert.All(Lifecycle.Machine.Transitions.SelectMany(t => t.To), to => Assert.Contains(to, Lifecycle.States));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_event_in_a_state_that_accepts_it_is_applied_and_leads_where_its_rule_says(string eventName, string state)
    {
        var rule = Lifecycle.Rule(eventName);
        var eventId = Guid.NewGuid();
        Guid id;
        object message;
        if (state == Lifecycle.Initial)
        {
            // Only a referral is accepted by a review that does not exist yet: it opens the review under its event id.
            id = eventId;
            message = ReviewEvents.Make(eventName, id, ReviewDriver.ReceivedOn, eventId);
        }
        else
        {
            id = await driver.DriveTo(state);
            var on = await driver.Prepare(eventName, id, state);
            message = ReviewEvents.Make(eventName, id, on, eventId, await bus.Review(id));
        }

        var answer = await bus.Request(message);

        Assert.True(answer.Applied is not null, $"{eventName} in {state} was rejected: {answer.Rejected?.Reason}");
        var review = await bus.Review(id);
        Assert.NotNull(review);
        var last = (await bus.Timeline(id))[^1];
        Assert.Equal((eventName, (Guid?)eventId, TimelineEntry.Applied), (last.Event, last.EventId, last.Outcome));
        Assert.Equal((state, review.CurrentState), (last.StateBefore, last.StateAfter));
        Assert.Equal(new ReviewEventApplied(id, eventName, eventId, review.CurrentState, false), answer.Applied);
        if (rule.To.Count == 0)
        {
            Assert.Equal(state, review.CurrentState);
        }
        else
        {
            Assert.Contains(review.CurrentState, rule.To);
        }
    }
}
