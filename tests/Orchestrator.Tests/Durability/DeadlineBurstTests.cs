using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Durability;

/// <summary>
/// Thousands of deadlines falling due in the same minute fire once each, however many pumps run: 200 reviews
/// opened through the API, each with ten agency returns due on the same day, and two pumps racing over them.
/// </summary>
public sealed class DeadlineBurstTests : IDisposable
{
    private const int Reviews = 200;
    private const int ReturnsPerReview = 10;
    private static readonly DateOnly Opened = new(2028, 7, 3);
    private static readonly DateOnly DueOn = new(2028, 7, 4);

    private readonly DatabaseFile file = new();

    public void Dispose() => file.Dispose();

    [Fact]
    public async Task Two_thousand_deadlines_due_the_same_day_fire_exactly_once_each_when_two_pumps_race()
    {
        await using var factory = OrchestratorFactory.With(file.Settings());
        factory.Clock.SetUtcNow(Durable.Morning(Opened));
        var client = new ReviewClient(factory.CreateClient());

        // 200 agency referrals (national profile: their own N5 is due 24 July, far from the burst).
        var reviewIds = new List<Guid>();
        foreach (var chunk in Enumerable.Range(0, Reviews).Chunk(20))
        {
            var opened = await Task.WhenAll(chunk.Select(_ => client.Open(Referrals.Complete("national", "AgencyReferral", "2028-07-03", "2028-07-03"))));
            reviewIds.AddRange(opened.Select(r => r.Id));
        }

        // Ten agency returns per review, all due Tuesday 4 July, written to the ledger round-robin (as they would be
        // armed over the day across many reviews).
        await using (var ledger = file.Context())
        {
            for (var i = 0; i < ReturnsPerReview; i++)
            {
                foreach (var reviewId in reviewIds)
                {
                    ledger.Deadlines.Add(AgencyReturn(reviewId, i));
                }
            }

            await ledger.SaveChangesAsync();
        }

        // Half an hour after midnight, London time: every one of them has just passed.
        var now = LondonTime.StartOfDayUtc(DueOn.AddDays(1)).AddMinutes(30);
        factory.Clock.SetUtcNow(now);
        var due = await factory.Read(db => db.Deadlines.AsNoTracking()
            .Where(d => d.Status == DeadlineStatus.Open && d.DueOn < DueOn.AddDays(1)).Select(d => d.Id).ToListAsync());
        Assert.Equal(Reviews * ReturnsPerReview, due.Count);

        using var start = new Barrier(2);
        var racing = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await factory.Pump();
        })).ToArray();
        var results = await Task.WhenAll(racing);
        Assert.Equal(due.Count, results.Sum(r => r.Missed));
        Assert.Equal(0, results.Sum(r => r.Approaching));
        Assert.Equal(new PumpResult(0, 0), await factory.Pump());

        // One DeadlineMissed in the outbox per deadline, with the deadline's stable event id, on time.
        var fired = await factory.Outboxed<DeadlineMissed>();
        Assert.Equal(due.Count, fired.Count);
        Assert.Equal(due.Order(), fired.Select(f => f.Message.DeadlineId).Order());
        Assert.All(fired, f =>
        {
            Assert.Equal(Durable.MissedId(f.Message.DeadlineId), f.Message.EventId);
            Assert.Equal((DueOn.AddDays(1), DueOn, false), (f.Message.OccurredOn, f.Message.DueOn, f.Message.Late));
            Assert.Equal(f.Message.ReviewId, f.Row.ReviewId);
        });
        Assert.Equal(fired.Count, fired.Select(f => f.Row.MessageId).Distinct().Count());
        var marks = await factory.Read(db => db.Deadlines.AsNoTracking().Where(d => due.Contains(d.Id)).Select(d => d.MissedFiredAt).ToListAsync());
        Assert.All(marks, m => Assert.Equal(now, m));

        // The relay publishes them and the reviews record each breach once.
        await Durable.Until(
            async () => await factory.Read(db => db.Deadlines.CountAsync(d => due.Contains(d.Id) && d.Status == DeadlineStatus.Missed)) == due.Count
                && await factory.Read(db => db.Outbox.AnyAsync(o => o.SentAt == null)) is false,
            "every deadline to be marked missed by its review",
            seconds: 300); // a bound on waiting, not a speed target (the benchmarks measure speed): 2,000 transitions on two shared cores

        var breaches = await factory.Read(db => db.Timeline.AsNoTracking()
            .Where(t => t.Event == nameof(DeadlineMissed)).Select(t => new { t.ReviewId, t.EventId, t.Outcome }).ToListAsync());
        Assert.Equal(due.Count, breaches.Count);
        Assert.All(breaches, b => Assert.Equal(TimelineEntry.Applied, b.Outcome));
        var byEvent = breaches.ToLookup(b => b.EventId);
        var deadlines = await factory.Read(db => db.Deadlines.AsNoTracking().Where(d => due.Contains(d.Id)).Select(d => new { d.Id, d.ReviewId }).ToListAsync());
        Assert.All(deadlines, d => Assert.Equal(d.ReviewId, Assert.Single(byEvent[Durable.MissedId(d.Id)]).ReviewId));
        Assert.All(breaches.GroupBy(b => b.ReviewId), g => Assert.Equal(ReturnsPerReview, g.Count()));
        Assert.Equal(Reviews, breaches.Select(b => b.ReviewId).Distinct().Count());

        // Through the API too: a sample review shows its ten returns missed, its own N5 still open.
        var sample = await client.Get(reviewIds[Reviews / 2]);
        Assert.Equal(ReturnsPerReview, sample.Deadlines.Count(d => d.Key == "agency-return" && d.Status == "missed"));
        Assert.Equal("open", ReviewAssert.Deadline(sample, "N5").Status);
        Assert.Equal(ReturnsPerReview, sample.Deliveries.Count(d => d.Kind == NotificationKind.DeadlineBreach));
    }

    /// <summary>An agency return of a review, due on 4 July 2028 (the burst).</summary>
    internal static DeadlineRecord AgencyReturn(Guid reviewId, int agency) => new()
    {
        Id = Guid.NewGuid(),
        ReviewId = reviewId,
        Partnership = "national",
        Key = "agency-return",
        Rule = "national:agency-return",
        Name = $"Agency {agency + 1} returns its information",
        Subject = null,
        SatisfiedBy = Milestone.AgencyReturnsComplete,
        Anchor = TimetableAnchor.InformationRequested,
        AnchorOn = Opened,
        DueOn = DueOn,
        Derivation = "1 working day after 3 Jul 2028 (InformationRequested)",
        Status = DeadlineStatus.Open,
        ArmedOn = Opened,
        ApproachingOn = null,
    };
}
