using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Diagnostics;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Durability;

/// <summary>
/// The transactional outbox and the inboxes: what a transition committed is published once, with its own
/// message id, even if the service stopped first; a redelivery of a processed message changes nothing.
/// </summary>
public sealed class OutboxTests : IDisposable
{
    private const string ReviewsQueue = "reviews";

    private readonly DatabaseFile file = new();

    public void Dispose() => file.Dispose();

    [Fact]
    public async Task A_message_committed_but_never_published_goes_exactly_once_with_its_stored_id_when_the_service_starts()
    {
        Guid id;
        await using (var first = OrchestratorFactory.With(file.Settings()))
        {
            first.Clock.SetUtcNow(Durable.Morning(new DateOnly(2028, 7, 3)));
            id = (await new ReviewClient(first.CreateClient()).Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2028-07-03", "2028-07-03"))).Id;
            await first.Settled();
        }

        // With the service stopped: a reminder the review owed, committed to the outbox, the relay never reached.
        var key = $"{id:N}:DeadlineReminder:BusinessUnit:reminder:{Guid.NewGuid():N}";
        var owed = new SendStatutoryNotification(id, "DeadlineReminder", "BusinessUnit", key, new DateOnly(2028, 7, 10), "warrington", "N2",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["deadline"] = "Notify the National Panel", ["dueOn"] = "2028-07-10" });
        var row = OutboxMessage.For(owed, id, Durable.Morning(new DateOnly(2028, 7, 3)).AddMinutes(5));
        await using (var db = file.Context())
        {
            db.Outbox.Add(row);
            await db.SaveChangesAsync();
        }

        await using var second = new ObservedOrchestratorFactory(file.Settings(("Diagnostics:CommandJournal", "true")));
        second.Clock.SetUtcNow(Durable.Morning(new DateOnly(2028, 7, 3)).AddHours(1));
        second.CreateClient().Dispose();
        await Durable.Until(
            async () => await second.Read(db => db.Set<JournalEntry>().AnyAsync(j => j.MessageId == row.MessageId)),
            "the command journal to receive the stored message");

        var published = Assert.Single(second.Traffic.Published, p => p.Message is SendStatutoryNotification c && c.IdempotencyKey == key);
        Assert.Equal(row.MessageId, published.MessageId);
        var command = (SendStatutoryNotification)published.Message;
        Assert.Equal((id, "DeadlineReminder", "BusinessUnit", new DateOnly(2028, 7, 10), "N2"), (command.ReviewId, command.NotificationKind, command.RecipientRole, command.DueOn, command.Rule));
        Assert.Equal("2028-07-10", command.Facts!["dueOn"]);

        var stored = await second.Read(db => db.Outbox.AsNoTracking().SingleAsync(o => o.MessageId == row.MessageId));
        Assert.NotNull(stored.SentAt);
        Assert.Equal((1, null), (stored.Attempts, stored.LastError));
        Assert.Equal(0, await second.Relay());
        Assert.Single(second.Traffic.Published, p => p.MessageId == row.MessageId);
        Assert.Equal(1, second.Traffic.Deliveries(row.MessageId, CommandJournal.Consumer));
        var journalled = Assert.Single(await second.Read(db => db.Set<JournalEntry>().AsNoTracking().Where(j => j.IdempotencyKey == key).ToListAsync()));
        Assert.Equal((row.MessageId, nameof(SendStatutoryNotification), id), (journalled.MessageId, journalled.MessageType, journalled.ReviewId));
    }

    [Fact]
    public async Task A_redelivered_message_is_ignored_by_the_review_saga_and_by_the_command_journal()
    {
        await using var factory = new ObservedOrchestratorFactory(file.Settings(("Diagnostics:CommandJournal", "true")));
        factory.Clock.SetUtcNow(Durable.Morning(new DateOnly(2028, 7, 3)));
        var client = new ReviewClient(factory.CreateClient());
        var id = (await client.Open(Referrals.Complete("warrington", "AgencyReferral", "2028-07-03", "2028-07-03"))).Id;
        var bus = factory.Services.GetRequiredService<IBus>();

        // The advisors' recommendation arrives; then the same transport message twice more, as a broker or the
        // relay after a crash would redeliver it (the copies carry another event id, and none).
        var messageId = Guid.NewGuid();
        var recommendation = new TriageRecommendationMade(id, new DateOnly(2028, 7, 3), PartnerDecision.RapidReview, "Criteria met.", Guid.NewGuid());
        await Deliver(recommendation, messageId, ReviewsQueue, 1);
        await Deliver(recommendation with { EventId = Guid.NewGuid() }, messageId, ReviewsQueue, 2);
        await Deliver(recommendation with { EventId = null }, messageId, ReviewsQueue, 3);

        var timeline = await factory.TimelineOf(id);
        var applied = Assert.Single(timeline, t => t.Event == nameof(TriageRecommendationMade));
        Assert.Equal((recommendation.EventId, TimelineEntry.Applied), (applied.EventId, applied.Outcome));
        Assert.Single((await client.Get(id)).Recommendations);
        Assert.True(await factory.Read(db => db.Inbox.AnyAsync(i => i.Consumer == ReviewsQueue && i.MessageId == messageId)));

        // The same content under a new message id is a new message: the review does take it.
        await Deliver(recommendation with { EventId = Guid.NewGuid() }, Guid.NewGuid(), ReviewsQueue, 1);
        Assert.Equal(2, (await factory.TimelineOf(id)).Count(t => t.Event == nameof(TriageRecommendationMade)));

        // A command redelivered to the journal is recorded once.
        var command = new SendStatutoryNotification(id, "InformationRequest", "Agencies", $"{id:N}:InformationRequest:Agencies:Police", new DateOnly(2028, 7, 6), "warrington");
        var commandId = Guid.NewGuid();
        await Deliver(command, commandId, CommandJournal.Consumer, 1);
        await Deliver(command, commandId, CommandJournal.Consumer, 2);
        var journal = await factory.Read(db => db.Set<JournalEntry>().AsNoTracking().Where(j => j.IdempotencyKey == command.IdempotencyKey).ToListAsync());
        Assert.Equal(commandId, Assert.Single(journal).MessageId);
        await Deliver(command, Guid.NewGuid(), CommandJournal.Consumer, 1);
        Assert.Equal(2, await factory.Read(db => db.Set<JournalEntry>().CountAsync(j => j.IdempotencyKey == command.IdempotencyKey)));

        async Task Deliver<T>(T message, Guid transportId, string queue, int deliveries)
            where T : class
        {
            await bus.Publish(message, context => context.MessageId = transportId);
            await Durable.Until(() => Task.FromResult(factory.Traffic.Deliveries(transportId, queue) >= deliveries), $"delivery {deliveries} of {transportId} to {queue}");
        }
    }

    [Fact]
    public async Task Advancing_virtual_time_publishes_each_outbox_message_once()
    {
        await using var factory = new VirtualClockFactory(file, "2028-07-03T09:00:00Z");
        var http = factory.CreateClient();
        var client = new ReviewClient(http);

        // A simulation's rhythm: the business unit records what happened today, then moves the clock on an hour.
        for (var i = 0; i < 8; i++)
        {
            await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2028-07-03", "2028-07-03"))));
            using var advance = await http.PostAsJsonAsync("/api/admin/clock/advance", new { hours = 1 });
            advance.EnsureSuccessStatusCode();
        }

        // A week on: the notifications' first deadlines fire, and the advance relays them before it answers.
        using (var advance = await http.PostAsJsonAsync("/api/admin/clock/advance", new { to = "2028-07-10" }))
        {
            advance.EnsureSuccessStatusCode();
        }

        await factory.Settled();
        var rows = await factory.Read(db => db.Outbox.AsNoTracking().Select(o => new { o.MessageId, o.MessageType }).ToListAsync());
        Assert.True(rows.Count(r => r.MessageType == typeof(DeadlineMissed).FullName) >= 40, "the advance should have fired the notifications' deadlines");

        // The reviews' inboxes absorb any second copy: each firing is in its review's timeline once...
        var firings = await factory.Read(db => db.Timeline.AsNoTracking()
            .Where(t => t.Event == nameof(DeadlineMissed) || t.Event == nameof(DeadlineApproaching)).Select(t => t.EventId).ToListAsync());
        Assert.Equal(firings.Count, firings.Distinct().Count());

        // ...but the relay is to hand each message to the bus once, not once per relay that happened to be awake.
        var publishes = factory.Traffic.Published.Where(p => p.MessageId is not null).ToLookup(p => p.MessageId!.Value);
        var wrong = rows.Where(r => publishes[r.MessageId].Count() != 1)
            .Select(r => $"{r.MessageType.Split('.')[^1]} {r.MessageId} x{publishes[r.MessageId].Count()}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {rows.Count} outbox messages were not published exactly once: {string.Join("; ", wrong.Take(5))}");
    }
}
