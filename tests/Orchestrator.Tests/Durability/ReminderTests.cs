using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Durability;

/// <summary>
/// Reminders come on the lead day (two working days before by default, or a partnership's own lead), and a
/// deadline met or cancelled before it is due never fires.
/// </summary>
public sealed class ReminderTests : IAsyncLifetime
{
    private readonly DatabaseFile file = new();
    private OrchestratorFactory factory = null!;
    private ReviewClient client = null!;
    private BusRecorder bus = null!;

    public async Task InitializeAsync()
    {
        // Darlington asks for four working days' notice; everyone else keeps the default of two.
        factory = OrchestratorFactory.With(file.Settings(("Deadlines:ReminderLeadByProfile:darlington", "4")));
        factory.Clock.SetUtcNow(Durable.Morning(new DateOnly(2028, 7, 3)));
        client = new ReviewClient(factory.CreateClient());
        bus = await BusRecorder.Start(factory.Services);
    }

    public async Task DisposeAsync()
    {
        await bus.DisposeAsync();
        await factory.DisposeAsync();
        file.Dispose();
    }

    [Fact]
    public async Task Reminders_come_on_the_lead_day_and_deadlines_met_or_cancelled_before_they_are_due_never_fire()
    {
        // Monday 3 July 2028. Each notification's N2 is due 5 WD after becoming aware: Monday 10 July.
        var warrington = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2028-07-03", "2028-07-03"))).Id;
        var darlington = (await client.Open(Referrals.Complete("darlington", "LocalAuthorityNotification", "2028-07-03", "2028-07-03"))).Id;

        // Met at once: the local authority notified the Panel the same day, and the advisors recommended.
        var metEarly = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2028-07-03", "2028-07-03"))).Id;
        await client.Apply(metEarly, "SeriousIncidentNotified", new { occurredOn = "2028-07-03" });
        var met = await client.Apply(metEarly, "TriageRecommendationMade", new { occurredOn = "2028-07-03", recommendation = "RapidReview", reason = "Criteria met." });
        var metIds = met.Deadlines.Where(d => d.Key is "panel-notification" or "advisors-recommendation").Select(d => d.Id).ToList();
        Assert.Equal(2, metIds.Count);
        Assert.All(met.Deadlines.Where(d => metIds.Contains(d.Id)), d => Assert.Equal("met", d.Status));

        // Cancelled at once: an agency referral the partnership closes the same day.
        var closed = (await client.Open(Referrals.Complete("warrington", "AgencyReferral", "2028-07-03", "2028-07-03"))).Id;
        var cancelled = await client.Apply(closed, "ReviewClosed", new { occurredOn = "2028-07-03", reason = "The family moved abroad; the case transferred." });
        var cancelledIds = cancelled.Deadlines.Where(d => d.Status == "cancelled").Select(d => d.Id).ToList();
        Assert.True(cancelledIds.Count >= 5, $"expected the agency referral's open deadlines to be cancelled, got {cancelledIds.Count}");
        Assert.DoesNotContain(cancelled.Deadlines, d => d.Status == "open");

        var wN2 = ReviewAssert.Deadline(await client.Get(warrington), "N2");
        var dN2 = ReviewAssert.Deadline(await client.Get(darlington), "N2");
        Assert.Equal((new DateOnly(2028, 7, 10), new DateOnly(2028, 7, 10)), (wN2.DueOn, dN2.DueOn));

        // Two working days before Monday 10 July is Thursday 6 July; four is Tuesday 4 July.
        var reminderDays = await factory.Read(db => db.Deadlines.AsNoTracking().Where(d => d.Id == wN2.Id || d.Id == dN2.Id)
            .ToDictionaryAsync(d => d.Id, d => d.ApproachingOn));
        Assert.Equal(new DateOnly(2028, 7, 6), reminderDays[wN2.Id]);
        Assert.Equal(new DateOnly(2028, 7, 4), reminderDays[dN2.Id]);

        await PumpOn(new DateOnly(2028, 7, 3));
        Assert.Empty(await Reminders(wN2.Id, dN2.Id));

        await PumpOn(new DateOnly(2028, 7, 4));
        var darlingtonReminder = Assert.Single(await Reminders(wN2.Id, dN2.Id));
        Assert.Equal(new DeadlineApproaching(darlington, new DateOnly(2028, 7, 4), dN2.Id, "N2", dN2.DueOn, Late: false, Durable.ApproachingId(dN2.Id)), darlingtonReminder);

        await PumpOn(new DateOnly(2028, 7, 5));
        Assert.Single(await Reminders(wN2.Id, dN2.Id));

        await PumpOn(new DateOnly(2028, 7, 6));
        var reminders = await Reminders(wN2.Id, dN2.Id);
        Assert.Equal(2, reminders.Count);
        Assert.Equal(new DeadlineApproaching(warrington, new DateOnly(2028, 7, 6), wN2.Id, "N2", wN2.DueOn, Late: false, Durable.ApproachingId(wN2.Id)), reminders[1]);

        // The review owes the business unit a reminder of N2, due on the deadline itself.
        var told = Assert.Single(await bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == warrington && c.NotificationKind == "DeadlineReminder" && c.Rule == "N2"));
        Assert.Equal(("BusinessUnit", new DateOnly(2028, 7, 10), "2028-07-10"), (told.RecipientRole, told.DueOn, told.Facts!["dueOn"]));
        var toDarlington = Assert.Single(await bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == darlington && c.NotificationKind == "DeadlineReminder" && c.Rule == "N2"));
        Assert.Equal("BusinessUnit", toDarlington.RecipientRole);
        var warringtonReview = await client.Eventually(warrington, r => r.Deliveries.Any(d => d.Kind == Domain.Profiles.NotificationKind.DeadlineReminder && d.Rule == "N2"));
        Assert.Single(warringtonReview.Deliveries, d => d.Kind == Domain.Profiles.NotificationKind.DeadlineReminder && d.Rule == "N2");
        Assert.Equal("open", ReviewAssert.Deadline(warringtonReview, "N2").Status);

        // Warrington's local authority notifies the Panel on Friday 7th, after the reminder: N2 is met and never missed.
        await PumpOn(new DateOnly(2028, 7, 7));
        Assert.Equal("met", ReviewAssert.Deadline(await client.Apply(warrington, "SeriousIncidentNotified", new { occurredOn = "2028-07-07" }), "N2").Status);

        // Three weeks on, past every due date: Darlington's unmet N2 fired; nothing met or cancelled first ever did.
        await PumpOn(new DateOnly(2028, 7, 31));
        var missed = await factory.Outboxed<DeadlineMissed>();
        var approaching = await factory.Outboxed<DeadlineApproaching>();
        Assert.Single(missed, m => m.Message.DeadlineId == dN2.Id);
        Assert.DoesNotContain(missed, m => m.Message.DeadlineId == wN2.Id);
        Assert.Single(approaching, m => m.Message.DeadlineId == wN2.Id);
        var fired = missed.Select(m => m.Message.DeadlineId).Concat(approaching.Select(a => a.Message.DeadlineId)).ToHashSet();
        Assert.DoesNotContain(fired, metIds.Contains);
        Assert.DoesNotContain(fired, cancelledIds.Contains);
        Assert.Contains(missed, m => m.Message.ReviewId == metEarly);

        await factory.Settled();
        var silent = metIds.Concat(cancelledIds).SelectMany(d => new[] { Durable.MissedId(d), Durable.ApproachingId(d) }).ToHashSet();
        foreach (var review in new[] { metEarly, closed })
        {
            Assert.DoesNotContain(await factory.TimelineOf(review), t => t.EventId is { } e && silent.Contains(e));
        }

        Assert.DoesNotContain(await factory.TimelineOf(closed), t => t.Event is nameof(DeadlineMissed) or nameof(DeadlineApproaching));
        var unfired = await factory.Read(db => db.Deadlines.AsNoTracking().Where(d => metIds.Contains(d.Id) || cancelledIds.Contains(d.Id))
            .Select(d => new { d.ApproachingFiredAt, d.MissedFiredAt }).ToListAsync());
        Assert.All(unfired, d => Assert.Equal((null, null), (d.ApproachingFiredAt, d.MissedFiredAt)));
        Assert.Equal("missed", ReviewAssert.Deadline(await client.Get(darlington), "N2").Status);
    }

    /// <summary>Moves the clock to just after midnight of <paramref name="day"/> (unless it is that day already) and runs the pump.</summary>
    private async Task PumpOn(DateOnly day)
    {
        var at = LondonTime.StartOfDayUtc(day).AddMinutes(5);
        if (at > factory.Clock.GetUtcNow())
        {
            factory.Clock.SetUtcNow(at);
        }

        Assert.Equal(day, LondonTime.DateAt(factory.Clock.GetUtcNow()));
        await factory.Pump();
    }

    private async Task<List<DeadlineApproaching>> Reminders(params Guid[] deadlines) =>
        [.. (await factory.Outboxed<DeadlineApproaching>()).Select(a => a.Message).Where(a => deadlines.Contains(a.DeadlineId))];
}
