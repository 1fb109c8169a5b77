using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Calendar;

/// <summary>A reminder already sent is re-armed when its deadline moves and the new reminder day is still to come.</summary>
public sealed class CalendarChangeReminderTests
{
    [Fact]
    public async Task A_holiday_declared_on_the_day_a_reminder_went_moves_the_due_date_and_the_pump_reminds_again_for_the_new_date()
    {
        // Warrington, received Fri 18 Dec 2026: N5 due Wed 13 Jan 2027, reminded 2 working days before, Mon 11 Jan.
        await using var factory = OrchestratorFactory.With(new Dictionary<string, string?>(), new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero));
        var client = new ReviewClient(factory.CreateClient());
        await using var bus = await BusRecorder.Start(factory.Services);
        var pump = factory.Services.GetRequiredService<DeadlinePump>();
        var relay = factory.Services.GetRequiredService<OutboxRelay>();
        var review = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        await pump.PumpOnce(CancellationToken.None);
        await Relay(relay);
        var first = await bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == review.Id && c.NotificationKind == "DeadlineReminder" && c.Rule == "N5");
        Assert.Equal("2027-01-13", first.Single().Facts!["dueOn"]);

        // Monday 11 January itself is declared a bank holiday: N5 moves to Thu 14 Jan, whose reminder day is Tue 12 Jan.
        using var applied = await client.Http.PostAsJsonAsync("/api/admin/calendar/changes",
            new { addedDays = new[] { "2027-01-11" }, reason = "Bank holiday declared today" }, ReviewClient.Json);
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        await client.Eventually(review.Id, r => ReviewAssert.Deadline(r, "N5").DueOn == new DateOnly(2027, 1, 14));

        // Nothing more today; on Tuesday the pump reminds again, for the new date, once.
        await pump.PumpOnce(CancellationToken.None);
        await Relay(relay);
        factory.Clock.Advance(TimeSpan.FromDays(1));
        await pump.PumpOnce(CancellationToken.None);
        await pump.PumpOnce(CancellationToken.None);
        await Relay(relay);
        var reminders = await bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == review.Id && c.NotificationKind == "DeadlineReminder" && c.Rule == "N5", count: 2);
        Assert.Equal(["2027-01-13", "2027-01-14"], reminders.Select(r => r.Facts!["dueOn"]).Order(StringComparer.Ordinal));
        await Task.Delay(300);
        Assert.Equal(2, bus.All<SendStatutoryNotification>().Count(c => c.ReviewId == review.Id && c.NotificationKind == "DeadlineReminder" && c.Rule == "N5"));
    }

    private static async Task Relay(OutboxRelay relay)
    {
        while (await relay.RelayOnce(CancellationToken.None) > 0)
        {
        }
    }
}
