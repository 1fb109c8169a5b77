using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Durability;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Tests.Postgres;

namespace Orchestration.Orchestrator.Tests.Postgres;

/// <summary>
/// Two orchestrator instances on one PostgreSQL database, as a hub scales out: their outbox relays and deadline
/// pumps race over the same rows, and each row is claimed (<c>FOR UPDATE SKIP LOCKED</c>) by one of them, so
/// every message is published once and every deadline fires once across both.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class ClaimingTests(PostgresServer server) : IAsyncLifetime
{
    private PostgresStore store = null!;

    public async Task InitializeAsync() => store = await PostgresStore.Create(server);

    public async Task DisposeAsync() => await store.DisposeAsync();

    [Fact]
    public async Task Two_instances_relaying_one_outbox_publish_each_of_three_thousand_messages_exactly_once()
    {
        const int messages = 3000;

        // Nothing consumes the commands here (the workers are elsewhere): what is counted is what each relay hands
        // its bus. Recovery at start is for a single instance on the in-memory transport and stays off.
        var settings = store.Settings(("Workers:InProcess", "false"), ("Outbox:RecoverUnconsumedOnStart", "false"), ("Outbox:PollInterval", "00:00:00.050"));
        await using var first = new ObservedOrchestratorFactory(settings);
        await using var second = new ObservedOrchestratorFactory(settings);
        first.CreateClient().Dispose();
        second.CreateClient().Dispose();

        // Three thousand commands committed at once while both relays run (their own loops poll every 50 ms).
        var reviewId = Guid.NewGuid();
        var now = OrchestratorFactory.DefaultNow;
        var rows = Enumerable.Range(0, messages).Select(i => OutboxMessage.For(
            new SendStatutoryNotification(reviewId, "DeadlineReminder", "BusinessUnit", $"{reviewId:N}:DeadlineReminder:BusinessUnit:{i}", new DateOnly(2028, 7, 10), "warrington"),
            reviewId, now)).ToList();
        await using (var db = store.Context())
        {
            db.Outbox.AddRange(rows);
            await db.SaveChangesAsync();
        }

        // And each instance's relay driven as hard as it goes from here too.
        using var start = new Barrier(2);
        var racing = new[] { first, second }.Select(factory => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await factory.Relay();
        })).ToArray();
        await Task.WhenAll(racing);
        await Durable.Until(async () => !await first.Read(db => db.Outbox.AnyAsync(o => o.SentAt == null)), "the outbox to drain", seconds: 60);

        var ids = rows.Select(r => r.MessageId).ToHashSet();
        var byFirst = first.Traffic.Published.Where(p => p.MessageId is { } id && ids.Contains(id)).Select(p => p.MessageId!.Value).ToList();
        var bySecond = second.Traffic.Published.Where(p => p.MessageId is { } id && ids.Contains(id)).Select(p => p.MessageId!.Value).ToList();
        var all = byFirst.Concat(bySecond).ToList();
        var twice = all.GroupBy(id => id).Where(g => g.Count() > 1).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} of {messages} messages were published more than once (first instance {byFirst.Count}, second {bySecond.Count}).");
        Assert.Equal(ids.Order(), all.Order());
        Assert.True(byFirst.Count > 0 && bySecond.Count > 0, $"one instance published everything ({byFirst.Count} / {bySecond.Count}): the relays did not race");

        var stored = await first.Read(db => db.Outbox.AsNoTracking().Where(o => o.ReviewId == reviewId).Select(o => new { o.SentAt, o.Attempts }).ToListAsync());
        Assert.All(stored, o => Assert.Equal((true, 1), (o.SentAt is not null, o.Attempts)));
    }

    [Fact]
    public async Task Two_thousand_deadlines_due_the_same_day_fire_exactly_once_each_when_two_instances_pumps_race()
    {
        const int reviews = 200;
        const int returnsPerReview = 10;
        var opened = new DateOnly(2028, 7, 3);
        var dueOn = new DateOnly(2028, 7, 4);

        var settings = store.Settings(("Outbox:RecoverUnconsumedOnStart", "false"));
        await using var first = OrchestratorFactory.With(settings);
        await using var second = OrchestratorFactory.With(settings);
        first.Clock.SetUtcNow(Durable.Morning(opened));
        second.Clock.SetUtcNow(Durable.Morning(opened));
        var clients = new[] { new ReviewClient(first.CreateClient()), new ReviewClient(second.CreateClient()) };

        // 200 agency referrals through both instances' APIs (national profile: their own N5 is due 24 July).
        var reviewIds = new List<Guid>();
        foreach (var chunk in Enumerable.Range(0, reviews).Chunk(20))
        {
            var batch = await Task.WhenAll(chunk.Select(i => clients[i % 2].Open(Referrals.Complete("national", "AgencyReferral", "2028-07-03", "2028-07-03"))));
            reviewIds.AddRange(batch.Select(r => r.Id));
        }

        await using (var ledger = store.Context())
        {
            for (var i = 0; i < returnsPerReview; i++)
            {
                ledger.Deadlines.AddRange(reviewIds.Select(id => DeadlineBurstTests.AgencyReturn(id, i)));
            }

            await ledger.SaveChangesAsync();
        }

        var now = LondonTime.StartOfDayUtc(dueOn.AddDays(1)).AddMinutes(30);
        first.Clock.SetUtcNow(now);
        second.Clock.SetUtcNow(now);
        var due = await first.Read(db => db.Deadlines.AsNoTracking()
            .Where(d => d.Status == DeadlineStatus.Open && d.DueOn < dueOn.AddDays(1)).Select(d => d.Id).ToListAsync());
        Assert.Equal(reviews * returnsPerReview, due.Count);

        // Each instance's pump, at the same moment, over the same ledger.
        using var start = new Barrier(2);
        var racing = new[] { first, second }.Select(factory => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await factory.Pump();
        })).ToArray();
        var results = await Task.WhenAll(racing);
        Assert.Equal(due.Count, results.Sum(r => r.Missed));
        Assert.True(results.All(r => r.Missed > 0), $"one pump fired everything ({results[0].Missed} / {results[1].Missed}): the pumps did not race");
        Assert.Equal(new PumpResult(0, 0), await first.Pump());
        Assert.Equal(new PumpResult(0, 0), await second.Pump());

        // One DeadlineMissed in the outbox per deadline, with the deadline's stable event id, on time.
        var fired = await first.Outboxed<DeadlineMissed>();
        Assert.Equal(due.Order(), fired.Select(f => f.Message.DeadlineId).Order());
        Assert.All(fired, f =>
        {
            Assert.Equal(Durable.MissedId(f.Message.DeadlineId), f.Message.EventId);
            Assert.Equal((dueOn.AddDays(1), dueOn, false), (f.Message.OccurredOn, f.Message.DueOn, f.Message.Late));
        });
        var marks = await first.Read(db => db.Deadlines.AsNoTracking().Where(d => due.Contains(d.Id)).Select(d => d.MissedFiredAt).ToListAsync());
        Assert.All(marks, m => Assert.Equal(now, m));

        // Both relays publish them, each instance's reviews take what its relay published, and every review records
        // each of its ten breaches once: the two instances' transitions of one review collide and are retried.
        await Durable.Until(
            async () => await first.Read(db => db.Deadlines.CountAsync(d => due.Contains(d.Id) && d.Status == DeadlineStatus.Missed)) == due.Count
                && await first.Read(db => db.Outbox.AnyAsync(o => o.SentAt == null)) is false,
            "every deadline to be marked missed by its review",
            seconds: 180);
        var breaches = await first.Read(db => db.Timeline.AsNoTracking()
            .Where(t => t.Event == nameof(DeadlineMissed)).Select(t => new { t.ReviewId, t.EventId, t.Outcome }).ToListAsync());
        Assert.Equal(due.Count, breaches.Count);
        Assert.All(breaches, b => Assert.Equal(TimelineEntry.Applied, b.Outcome));
        Assert.Equal(due.Count, breaches.Select(b => b.EventId).Distinct().Count());
        Assert.All(breaches.GroupBy(b => b.ReviewId), g => Assert.Equal(returnsPerReview, g.Count()));
        var sample = await clients[1].Get(reviewIds[reviews / 2]);
        Assert.Equal(returnsPerReview, sample.Deadlines.Count(d => d.Key == "agency-return" && d.Status == "missed"));
        Assert.Equal(returnsPerReview, sample.Deliveries.Count(d => d.Kind == Domain.Profiles.NotificationKind.DeadlineBreach));
    }
}

/// <summary>
/// Two orchestrator instances on one PostgreSQL database taking events for the same reviews at the same time:
/// their transitions of one review collide on its version (and the timeline's unique indexes), the loser is
/// retried from a fresh read, and every event is applied once; nothing is lost and every chain verifies.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class TwoInstanceReviewTests(PostgresServer server) : IAsyncLifetime
{
    private PostgresStore store = null!;

    public async Task InitializeAsync() => store = await PostgresStore.Create(server);

    public async Task DisposeAsync() => await store.DisposeAsync();

    [Fact]
    public async Task Events_for_the_same_reviews_sent_to_both_instances_at_once_are_all_applied_once()
    {
        const int reviews = 30;
        var agencies = Enumerable.Range(1, 10).Select(i => $"Agency {i:00}").ToList();
        var settings = store.Settings(("Outbox:RecoverUnconsumedOnStart", "false"));
        var conflicts = new RefusedSaves();
        await using var first = new RefusedSavesFactory(settings, conflicts);
        await using var second = new RefusedSavesFactory(settings, conflicts);

        // Both start at once on the empty database, as two replicas do: one applies the migrations, the other waits for it.
        var started = await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient));
        var clients = started.Select(http => new ReviewClient(http)).ToArray();

        var ids = new List<Guid>();
        for (var i = 0; i < reviews; i++)
        {
            var id = (await clients[i % 2].Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"))).Id;
            await clients[(i + 1) % 2].Apply(id, "InformationRequestsSent", new { occurredOn = "2026-12-23", agencies, dueOn = "2027-01-05" });
            ids.Add(id);
        }

        // Every agency's return, for five reviews at a time, each sent to one instance or the other, all at once.
        var before = conflicts.Count;
        foreach (var chunk in ids.Chunk(5))
        {
            await Task.WhenAll(chunk.SelectMany(id => agencies.Select((agency, i) =>
                clients[i % 2].Apply(id, "AgencyInformationReturned", new { occurredOn = "2027-01-04", agency, noRecords = i % 3 == 0 }))));
        }

        Assert.True(conflicts.Count > before, "no two transitions collided: the test did not exercise the concurrency it is about");

        foreach (var id in ids)
        {
            var review = await clients[0].Get(id);
            Assert.All(review.AgencyRequests, r => Assert.Equal(new DateOnly(2027, 1, 4), r.ReturnedOn));
            Assert.Equal(agencies.Count, review.AgencyRequests.Count);
            var timeline = await clients[1].Timeline(id);
            Assert.Equal(agencies.Count, timeline.Count(e => e.Event == "AgencyInformationReturned" && e.Outcome == TimelineEntry.Applied));
            Assert.Equal(Enumerable.Range(1, timeline.Count), timeline.Select(e => e.Sequence));
            using var response = await clients[0].Http.GetAsync($"/api/reviews/{id}/timeline/verify");
            var verification = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TimelineVerification>(response.Content, ReviewClient.Json))!;
            Assert.True(verification.Verified, $"{id}: entry {verification.FirstBrokenSequence}: {verification.Problem}");
        }
    }
}

/// <summary>Counts the saves PostgreSQL refused: a stale version, or a timeline or inbox row another transition wrote first.</summary>
public sealed class RefusedSaves : SaveChangesInterceptor
{
    private int count;

    /// <summary>How many so far.</summary>
    public int Count => Volatile.Read(ref count);

    /// <inheritdoc />
    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Exception is DbUpdateException)
        {
            Interlocked.Increment(ref count);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The tests' orchestrator with <see cref="RefusedSaves"/> on its PostgreSQL context.</summary>
public sealed class RefusedSavesFactory(IReadOnlyDictionary<string, string?> settings, RefusedSaves refused) : OrchestratorFactory
{
    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = settings;

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<PostgreSqlReviewsDbContext>(options => options.AddInterceptors(refused)));
    }
}
