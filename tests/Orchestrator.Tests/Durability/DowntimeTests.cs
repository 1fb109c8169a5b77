using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Durability;

/// <summary>A deadline that falls due while the orchestrator is down fires once, marked late, when it comes back; and never again.</summary>
public sealed class DowntimeTests : IDisposable
{
    private readonly DatabaseFile file = new();

    public void Dispose() => file.Dispose();

    [Fact]
    public async Task A_deadline_due_during_downtime_fires_once_after_the_restart_marked_late_and_not_again_after_another()
    {
        // Monday 3 July 2028: Warrington is notified; N2 (5 WD after becoming aware) is due Monday 10 July.
        Guid id;
        DeadlineView n2;
        await using (var first = OrchestratorFactory.With(file.Settings()))
        {
            first.Clock.SetUtcNow(Durable.Morning(new DateOnly(2028, 7, 3)));
            var client = new ReviewClient(first.CreateClient());
            var review = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2028-07-03", "2028-07-03"));
            id = review.Id;
            n2 = ReviewAssert.Deadline(review, "N2");
            Assert.Equal((new DateOnly(2028, 7, 10), "open"), (n2.DueOn, n2.Status));
            Assert.Empty(await first.Outboxed<DeadlineMissed>());
        }

        // Down until Wednesday 12 July. The restarted service's own pump (on, as in production) finds N2 at once.
        var restartedAt = Durable.Morning(new DateOnly(2028, 7, 12));
        List<TimelineEntry> timeline;
        int outboxRows;
        await using (var second = OrchestratorFactory.With(file.Settings(("Deadlines:PumpEnabled", "true"))))
        {
            second.Clock.SetUtcNow(restartedAt);
            var client = new ReviewClient(second.CreateClient());
            var review = await client.Eventually(id, r => ReviewAssert.Deadline(r, "N2").Status == "missed");
            Assert.Equal("missed", ReviewAssert.Deadline(review, "N2").Status);
            await second.Settled();

            var fired = Assert.Single(await second.Outboxed<DeadlineMissed>(), f => f.Message.DeadlineId == n2.Id);
            Assert.Equal(new DeadlineMissed(id, new DateOnly(2028, 7, 12), n2.Id, "N2", new DateOnly(2028, 7, 10), Late: true, Durable.MissedId(n2.Id)), fired.Message);
            Assert.NotNull(fired.Row.SentAt);
            Assert.Equal(restartedAt, await second.Read(db => db.Deadlines.Where(d => d.Id == n2.Id).Select(d => d.MissedFiredAt).SingleAsync()));

            timeline = await second.TimelineOf(id);
            var breach = Assert.Single(timeline, t => t.EventId == Durable.MissedId(n2.Id));
            Assert.Equal((nameof(DeadlineMissed), TimelineEntry.Applied), (breach.Event, breach.Outcome));
            Assert.Contains("deadline N2 ", breach.Detail, StringComparison.Ordinal);
            Assert.Contains("noticed late", breach.Detail, StringComparison.Ordinal);
            var owed = Assert.Single(review.Deliveries, d => d.Kind == NotificationKind.DeadlineBreach && d.Rule == "N2");
            Assert.Equal(RecipientRole.BusinessUnit, owed.Recipient);

            // Every other deadline that passed in the downtime fired late too, once each.
            var missedWhileDown = review.Deadlines.Where(d => d.DueOn < new DateOnly(2028, 7, 12) && d.MetOn is null).Select(d => d.Id).Order().ToList();
            var all = await second.Outboxed<DeadlineMissed>();
            Assert.Equal(missedWhileDown, all.Select(f => f.Message.DeadlineId).Order());
            Assert.All(all, f => Assert.True(f.Message.Late));
            Assert.Equal(new PumpResult(0, 0), await second.Pump());
            outboxRows = await second.Read(db => db.Outbox.CountAsync());
        }

        // Started again later the same day: nothing fires a second time.
        await using var third = OrchestratorFactory.With(file.Settings(("Deadlines:PumpEnabled", "true")));
        third.Clock.SetUtcNow(restartedAt.AddHours(2));
        var again = new ReviewClient(third.CreateClient());
        Assert.Equal(new PumpResult(0, 0), await third.Pump());
        Assert.Equal(0, await third.Relay());
        Assert.Equal(outboxRows, await third.Read(db => db.Outbox.CountAsync()));
        Assert.Equal(restartedAt, await third.Read(db => db.Deadlines.Where(d => d.Id == n2.Id).Select(d => d.MissedFiredAt).SingleAsync()));
        Assert.Equal(timeline.Select(t => t.Hash), (await third.TimelineOf(id)).Select(t => t.Hash));
        Assert.Equal("missed", ReviewAssert.Deadline(await again.Get(id), "N2").Status);
    }
}
