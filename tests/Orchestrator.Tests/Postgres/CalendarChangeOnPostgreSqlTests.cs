using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Tests.Durability;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Tests.Postgres;

namespace Orchestration.Orchestrator.Tests.Postgres;

/// <summary>
/// Two orchestrator instances sharing one PostgreSQL database: a calendar change applied on one is stored, the other
/// counts with it too, and the review it moves is moved once, whichever instance relays and applies the recount.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class CalendarChangeOnPostgreSqlTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 21, 12, 0, 0, TimeSpan.Zero);
    private PostgresStore store = null!;

    public async Task InitializeAsync() => store = await PostgresStore.Create(server);

    public async Task DisposeAsync() => await store.DisposeAsync();

    [Fact]
    public async Task A_change_applied_on_one_instance_is_used_by_the_other_and_moves_the_review_once()
    {
        var settings = store.Settings(("Calendar:RefreshInterval", "00:00:00.200"));
        await using var first = OrchestratorFactory.With(settings, Now);
        await using var second = OrchestratorFactory.With(settings, Now);
        var one = new ReviewClient(first.CreateClient());
        var two = new ReviewClient(second.CreateClient());
        var review = await one.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        Assert.Equal("2027-01-13", await FifteenWorkingDaysAfter(two, "2026-12-18"));

        using var applied = await one.Http.PostAsJsonAsync("/api/admin/calendar/changes",
            new { addedDays = new[] { "2027-01-05" }, reason = "State funeral announced" }, ReviewClient.Json);
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);

        await Durable.Until(async () => await FifteenWorkingDaysAfter(two, "2026-12-18") == "2027-01-14", "the second instance to count with the change");
        var moved = await two.Eventually(review.Id, r => ReviewAssert.Deadline(r, "N5").DueOn == new DateOnly(2027, 1, 14));
        ReviewAssert.Due(moved, "N5", "2027-01-14", "open");
        Assert.Single(await two.Timeline(review.Id), t => t.Event == nameof(BankHolidaysChanged));

        // The other instance plans its own change on the newest stored calendar, so it lands on top of the first.
        using var next = await two.Http.PostAsJsonAsync("/api/admin/calendar/changes",
            new { addedDays = new[] { "2027-01-06" }, reason = "Day of mourning" }, ReviewClient.Json);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        Assert.Equal(2, (int?)(await next.Content.ReadFromJsonAsync<JsonObject>())!["revision"]);
        await Durable.Until(async () => await FifteenWorkingDaysAfter(one, "2026-12-18") == "2027-01-15", "the first instance to count with the second change");
    }

    private static async Task<string> FifteenWorkingDaysAfter(ReviewClient client, string from) =>
        (string)(await client.Http.GetFromJsonAsync<JsonObject>($"/api/calendar/working-days?from={from}&offset=15"))!["date"]!;
}
