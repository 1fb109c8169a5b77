using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews.Saga;

/// <summary>
/// A retry asked of the review (<see cref="DeliveryRetryRequested"/>): only for a notification the workers could not
/// send; recorded with who asked and why; owed to the workers as a numbered <see cref="RetryStatutoryNotification"/>
/// through the outbox, one per retry.
/// </summary>
public sealed class ReviewSagaDeliveryRetryTests(ReviewSagaHarness bus) : IClassFixture<ReviewSagaHarness>
{
    private static readonly DateOnly On = new(2027, 3, 2);
    private readonly ReviewDriver driver = new(bus);

    [Fact]
    public async Task Each_retry_of_a_dead_lettered_notification_is_recorded_and_owes_the_workers_the_next_numbered_retry()
    {
        var id = await driver.DriveTo("RapidReview");
        var owed = (await bus.Review(id))!.Deliveries.First(d => d.Status == DeliveryStatus.Requested);
        await Fail(id, owed, permanent: true);

        Assert.Equal("RapidReview", await driver.Apply(new DeliveryRetryRequested(id, On, owed.IdempotencyKey, "Jo Operator", "The gateway is back.", Guid.NewGuid())));
        var first = await bus.Published<RetryStatutoryNotification>(r => r.ReviewId == id);
        Assert.Equal(new RetryStatutoryNotification(id, owed.IdempotencyKey, 1, "Jo Operator"), first);
        var delivery = (await bus.Review(id))!.Deliveries.Single(d => d.IdempotencyKey == owed.IdempotencyKey);
        Assert.Equal((DeliveryStatus.Requested, 1), (delivery.Status, delivery.Retries));
        var entry = (await bus.Timeline(id))[^1];
        Assert.Equal((nameof(DeliveryRetryRequested), TimelineEntry.Applied), (entry.Event, entry.Outcome));
        Assert.Contains("requested by Jo Operator: The gateway is back.", entry.Detail, StringComparison.Ordinal);

        // It fails again (transiently this time): the next retry is number 2.
        await Fail(id, owed, permanent: false);
        await driver.Apply(new DeliveryRetryRequested(id, On, owed.IdempotencyKey, "Sam Operator", "Try once more.", Guid.NewGuid()));
        await bus.Published<RetryStatutoryNotification>(r => r.ReviewId == id && r.Retry == 2 && r.RequestedBy == "Sam Operator");
    }

    [Fact]
    public async Task A_retry_of_a_notification_still_on_its_way_or_unknown_is_refused_and_owes_nothing()
    {
        var id = await driver.DriveTo("RapidReview");
        var owed = (await bus.Review(id))!.Deliveries.First(d => d.Status == DeliveryStatus.Requested);

        var onItsWay = await bus.Request(new DeliveryRetryRequested(id, On, owed.IdempotencyKey, "Jo Operator", "Impatient.", Guid.NewGuid()));
        Assert.Contains("only a failed or dead-lettered notification can be retried", onItsWay.Rejected?.Reason, StringComparison.Ordinal);
        var unknown = await bus.Request(new DeliveryRetryRequested(id, On, "no-such-key", "Jo Operator", "Typo.", Guid.NewGuid()));
        Assert.Equal("the review owes no notification with that key", unknown.Rejected?.Reason);

        Assert.Empty(bus.AllPublished<RetryStatutoryNotification>(r => r.ReviewId == id));
        Assert.Equal(0, (await bus.Review(id))!.Deliveries.Single(d => d.IdempotencyKey == owed.IdempotencyKey).Retries);
    }

    private Task<string> Fail(Guid id, DeliveryRecord owed, bool permanent) =>
        driver.Apply(new StatutoryNotificationFailed(id, On, owed.IdempotencyKey, owed.Kind.ToString(), owed.Recipient.ToString(), permanent,
            permanent ? "550 mailbox unavailable" : "451 try again later", Guid.NewGuid()));
}
