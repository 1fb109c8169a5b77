using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Calendar;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Calendar;

/// <summary>
/// A bank holiday announced at short notice (the 2022 state funeral came with ten days' warning): open deadlines the
/// new day falls inside move by one working day, once, on each review's timeline, and the business unit is told; met
/// and missed deadlines stay as they were; a dry run changes nothing; the change outlives a restart.
/// </summary>
public sealed class CalendarChangeTests : IAsyncLifetime
{
    // Monday 21 December 2026, noon in London.
    private static readonly DateTimeOffset Now = new(2026, 12, 21, 12, 0, 0, TimeSpan.Zero);

    private static readonly object AddTuesdayFifthOfJanuary = new
    {
        addedDays = new[] { new { date = "2027-01-05", title = "State funeral" } },
        reason = "State funeral announced",
    };

    private readonly string database = Path.Combine(Path.GetTempPath(), $"calendar-{Guid.NewGuid():N}.db");
    private OrchestratorFactory factory = null!;
    private ReviewClient client = null!;
    private BusRecorder bus = null!;

    public async Task InitializeAsync() => await Start();

    public async Task DisposeAsync()
    {
        await Stop();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_holiday_added_inside_open_windows_moves_exactly_those_deadlines_once_and_audits_each_review()
    {
        // Review A: Warrington, a notification received Friday 18 December 2026 (aware on the 17th); N2 met on the 21st.
        var a = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        await client.Apply(a.Id, "SeriousIncidentNotified", new { occurredOn = "2026-12-21" });

        // Review B: received 1 December; N2 (due 8 December) met late on the 10th: missed, history.
        var b = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-01", "2026-12-01"));
        await client.Apply(b.Id, "SeriousIncidentNotified", new { occurredOn = "2026-12-10" });

        var beforeA = await client.Get(a.Id);
        var beforeB = await client.Get(b.Id);
        ReviewAssert.Due(beforeA, "N2", "2026-12-24", "met");
        ReviewAssert.Due(beforeA, "N5", "2027-01-13", "open");
        ReviewAssert.Due(beforeB, "N2", "2026-12-08", "missed");

        // The dry run lists what would move, and moves nothing.
        var dry = await Plan(AddTuesdayFifthOfJanuary, dryRun: true, HttpStatusCode.OK);
        Assert.Null(dry.Revision);
        Assert.Equal([new ChangedDay(new DateOnly(2027, 1, 5), "State funeral")], dry.Added);
        Assert.Equal(1, dry.ReviewsAffected);
        Assert.All(dry.Deadlines, m => Assert.Equal(a.Id, m.ReviewId));
        var expected = new Dictionary<string, (string Before, string After)>
        {
            ["N5"] = ("2027-01-13", "2027-01-14"),
            ["warrington:agency-returns"] = ("2027-01-05", "2027-01-06"),
            ["warrington:rapid-review-meeting"] = ("2027-01-11", "2027-01-12"),
        };
        Assert.Equal(
            expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, ReviewAssert.Day(e.Value.Before), ReviewAssert.Day(e.Value.After))),
            dry.Deadlines.OrderBy(m => m.Rule, StringComparer.Ordinal).Select(m => (m.Rule, m.DueBefore, m.DueAfter)));
        var meeting = dry.Deadlines.Single(m => m.Rule == "warrington:rapid-review-meeting");
        Assert.Equal((new DateOnly(2027, 1, 6), new DateOnly(2027, 1, 7)), (meeting.OpensBefore, meeting.OpensAfter));

        Assert.Equivalent(beforeA, await client.Get(a.Id));
        Assert.Equivalent(beforeB, await client.Get(b.Id));
        Assert.Equal("2027-01-13", await FifteenWorkingDaysAfter("2026-12-18"));
        Assert.Empty((await client.Http.GetFromJsonAsync<List<CalendarChangeSummary>>("/api/admin/calendar/changes", ReviewClient.Json))!);

        // Applied: the same moves, recorded once on A's timeline with before, after and the reason.
        var applied = await Plan(AddTuesdayFifthOfJanuary, dryRun: false, HttpStatusCode.Created);
        Assert.Equal(1, applied.Revision);
        Assert.Equal(dry.Deadlines, applied.Deadlines);
        var afterA = await client.Eventually(a.Id, r => ReviewAssert.Deadline(r, "N5").DueOn == new DateOnly(2027, 1, 14));
        foreach (var (rule, (_, after)) in expected)
        {
            ReviewAssert.Due(afterA, rule, after, "open");
        }

        ReviewAssert.Due(afterA, "N2", "2026-12-24", "met");
        Assert.Contains("skipping 25 Dec 2026 (Christmas Day), 28 Dec 2026 (Boxing Day), 1 Jan 2027 (New Year’s Day), 5 Jan 2027 (State funeral)",
            ReviewAssert.Deadline(afterA, "N5").Derivation, StringComparison.Ordinal);
        Assert.Equal(
            beforeA.Deadlines.Where(d => !expected.ContainsKey(d.Rule)).Select(d => (d.Id, d.DueOn, d.OpensOn, d.Status)),
            afterA.Deadlines.Where(d => !expected.ContainsKey(d.Rule)).Select(d => (d.Id, d.DueOn, d.OpensOn, d.Status)));

        var timeline = await client.Timeline(a.Id);
        var entry = Assert.Single(timeline, t => t.Event == nameof(BankHolidaysChanged));
        Assert.Equal(TimelineEntry.Applied, entry.Outcome);
        Assert.Contains("State funeral announced", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("deadline N5 'Rapid Review report, endorsed by the WSP Strategic Safeguarding Partners, submitted to the National Panel' due 13 Jan 2027 -> 14 Jan 2027", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("window opens 6 Jan 2027 -> 7 Jan 2027", entry.Detail, StringComparison.Ordinal);
        var verify = await client.Http.GetFromJsonAsync<JsonObject>($"/api/reviews/{a.Id}/timeline/verify");
        Assert.True((bool?)verify!["verified"], verify.ToJsonString());

        // The business unit hears of each due date that moved, once.
        var notices = await bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == a.Id && c.NotificationKind == "DeadlineMoved", count: expected.Count);
        Assert.All(notices, n => Assert.Equal("BusinessUnit", n.RecipientRole));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), notices.Select(n => n.Rule!).Order(StringComparer.Ordinal));
        var n5 = notices.Single(n => n.Rule == "N5");
        Assert.Equal(("2027-01-13", "2027-01-14", "State funeral announced"), (n5.Facts!["previousDueOn"], n5.Facts["dueOn"], n5.Facts["reason"]));

        // B had nothing open that the day touches: untouched, nothing on its timeline.
        Assert.Equivalent(beforeB, await client.Get(b.Id));
        Assert.DoesNotContain(await client.Timeline(b.Id), t => t.Event == nameof(BankHolidaysChanged));

        // The calendar in force counts with the new day, here and for new reviews.
        Assert.Equal("2027-01-14", await FifteenWorkingDaysAfter("2026-12-18"));

        // Relaying again publishes nothing more: one timeline entry, one notice per moved date.
        var relay = factory.Services.GetRequiredService<OutboxRelay>();
        while (await relay.RelayOnce(CancellationToken.None) > 0)
        {
        }

        Assert.Single(await client.Timeline(a.Id), t => t.Event == nameof(BankHolidaysChanged));
        Assert.Equal(expected.Count, bus.All<SendStatutoryNotification>().Count(c => c.ReviewId == a.Id && c.NotificationKind == "DeadlineMoved"));
        var history = Assert.Single((await client.Http.GetFromJsonAsync<List<CalendarChangeSummary>>("/api/admin/calendar/changes", ReviewClient.Json))!);
        Assert.Equal((1L, 1, expected.Count, "State funeral announced"), (history.Revision, history.ReviewsAffected, history.DeadlinesMoved, history.Reason));
    }

    [Fact]
    public async Task A_calendar_change_is_kept_across_a_restart()
    {
        await Plan(AddTuesdayFifthOfJanuary, dryRun: false, HttpStatusCode.Created);
        await Stop();
        await Start();
        Assert.Equal("2027-01-14", await FifteenWorkingDaysAfter("2026-12-18"));

        // A review opened after the restart counts with the new day from the start.
        var review = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        ReviewAssert.Due(review, "N5", "2027-01-14", "open");
    }

    [Fact]
    public async Task Removing_a_holiday_brings_open_deadlines_forward()
    {
        var review = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        var plan = await Plan(new { removedDays = new[] { "2027-01-01" }, reason = "Correction" }, dryRun: true, HttpStatusCode.OK);
        Assert.Equal([new ChangedDay(new DateOnly(2027, 1, 1), "New Year’s Day")], plan.Removed);
        var n5 = plan.Deadlines.Single(m => m.ReviewId == review.Id && m.Rule == "N5");
        Assert.Equal((new DateOnly(2027, 1, 13), new DateOnly(2027, 1, 12)), (n5.DueBefore, n5.DueAfter));
    }

    [Fact]
    public async Task A_newer_GOV_UK_file_is_compared_with_the_calendar_in_force()
    {
        await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Domain.Calendar.WorkingDayCalendar.ShippedDataPath))!.AsObject();
        file["england-and-wales"]!["events"]!.AsArray().Add(new JsonObject { ["title"] = "State funeral", ["date"] = "2027-01-05", ["notes"] = "", ["bunting"] = false });
        using var response = await client.Http.PostAsync(
            new Uri("/api/admin/calendar/changes?dryRun=true&reason=GOV.UK%20update", UriKind.Relative),
            new StringContent(file.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = (await response.Content.ReadFromJsonAsync<CalendarChangePlan>(ReviewClient.Json))!;
        Assert.Equal([new DateOnly(2027, 1, 5)], plan.Added.Select(d => d.Date));
        Assert.Empty(plan.Removed);
        Assert.Equal(3, plan.Deadlines.Count);
    }

    [Theory]
    [InlineData("""{ "addedDays": ["2027-01-05"] }""", "reason")]
    [InlineData("""{ "addedDays": ["2027-01-09"], "reason": "x" }""", "addedDays[0]")]
    [InlineData("""{ "addedDays": ["2027-01-01"], "reason": "x" }""", "addedDays[0]")]
    [InlineData("""{ "addedDays": ["5 Jan 2027"], "reason": "x" }""", "addedDays[0]")]
    [InlineData("""{ "removedDays": ["2027-01-05"], "reason": "x" }""", "removedDays[0]")]
    [InlineData("""{ "reason": "x" }""", "addedDays")]
    [InlineData("""{ "addedDays": ["2027-01-05"], "reason": "x", "extra": 1 }""", "extra")]
    [InlineData("""{ "england-and-wales": { "division": "england-and-wales", "events": [ { "title": "x", "date": "2027-13-01" } ] } }""", "body")]
    public async Task A_change_that_cannot_apply_is_refused_and_changes_nothing(string body, string field)
    {
        using var response = await client.Http.PostAsync(new Uri("/api/admin/calendar/changes", UriKind.Relative),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await ReviewAssert.Malformed(response);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Empty((await client.Http.GetFromJsonAsync<List<CalendarChangeSummary>>("/api/admin/calendar/changes", ReviewClient.Json))!);
        Assert.Equal("2027-01-13", await FifteenWorkingDaysAfter("2026-12-18"));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_bad_request()
    {
        using var response = await client.Http.PostAsync(new Uri("/api/admin/calendar/changes", UriKind.Relative),
            new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
        await ReviewAssert.Problem(response, HttpStatusCode.BadRequest);
    }

    private async Task<CalendarChangePlan> Plan(object body, bool dryRun, HttpStatusCode status)
    {
        using var response = await client.Http.PostAsJsonAsync($"/api/admin/calendar/changes?dryRun={(dryRun ? "true" : "false")}", body, ReviewClient.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize<CalendarChangePlan>(text, ReviewClient.Json)!;
    }

    private async Task<string> FifteenWorkingDaysAfter(string from)
    {
        var answer = await client.Http.GetFromJsonAsync<JsonObject>($"/api/calendar/working-days?from={from}&offset=15");
        return (string)answer!["date"]!;
    }

    private async Task Start()
    {
        factory = OrchestratorFactory.With(new Dictionary<string, string?> { ["ConnectionStrings:Reviews"] = $"Data Source={database}" }, Now);
        client = new ReviewClient(factory.CreateClient());
        bus = await BusRecorder.Start(factory.Services);
    }

    private async Task Stop()
    {
        await bus.DisposeAsync();
        await factory.DisposeAsync();
    }
}
