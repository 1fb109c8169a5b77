using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Dashboard;

/// <summary>
/// Retrying a dead-lettered notification from the dashboard, with the workers in process: the form (with its
/// antiforgery token) asks the review, which records who asked and why on its timeline and sends the workers
/// <c>RetryStatutoryNotification</c> through its outbox; the workers requeue it and its outcome comes back as usual.
/// </summary>
public sealed class DeliveryRetryTests : IAsyncLifetime
{
    private readonly FailingPickupFolder pickup = new();
    private OrchestratorFactory factory = null!;
    private ReviewClient client = null!;
    private DashboardPage dashboard = null!;

    public Task InitializeAsync()
    {
        factory = OrchestratorFactory.With(pickup.Settings(), new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client = new ReviewClient(http);
        dashboard = new DashboardPage(http);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        pickup.Dispose();
    }

    [Fact]
    public async Task A_dead_lettered_notification_retried_from_the_dashboard_is_recorded_on_the_timeline_and_sent_once()
    {
        var id = await ReviewWithEveryNotificationDeadLettered();
        var before = await client.Get(id);

        // Listed on the front page with a retry action.
        var home = await dashboard.Open("/");
        var failed = DashboardPage.Rows(home, "failed").Where(r => DashboardPage.Cells(r)[0] == id.ToString()).ToList();
        Assert.Equal(before.Deliveries.Count, failed.Count);
        Assert.All(failed, r => Assert.Equal(DeliveryStatus.DeadLettered, DashboardPage.Cells(r)[5]));
        Assert.All(failed, r => Assert.Contains("pickup folder could not be written", DashboardPage.Cells(r)[6], StringComparison.Ordinal));

        pickup.Repair();
        var page = await dashboard.Open($"/reviews/{id}");
        var form = Assert.IsAssignableFrom<IHtmlFormElement>(page.QuerySelector("#notifications ~ table form.retry"));
        var key = form.Elements.OfType<IHtmlInputElement>().Single(i => i.Name == "key").Value;
        using (var answer = await dashboard.Submit(form, new Dictionary<string, string> { ["requestedBy"] = "Jo Operator", ["reason"] = "the pickup folder is back" }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
            Assert.Equal($"/reviews/{id}#timeline", answer.Headers.Location?.ToString());
        }

        // The same form sent twice (a double click) is one retry: the review recognises its event id.
        using (var again = await dashboard.Submit(form, new Dictionary<string, string> { ["requestedBy"] = "Jo Operator", ["reason"] = "the pickup folder is back" }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        }

        var review = await client.Eventually(id, r => r.Deliveries.Single(d => d.IdempotencyKey == key).Status == DeliveryStatus.Sent);
        var retried = review.Deliveries.Single(d => d.IdempotencyKey == key);
        Assert.Equal((DeliveryStatus.Sent, new DateOnly(2027, 3, 1), 1), (retried.Status, retried.SentOn, retried.Retries));
        Assert.All(review.Deliveries.Where(d => d.IdempotencyKey != key), d => Assert.Equal(DeliveryStatus.DeadLettered, d.Status));
        Assert.Single(pickup.Messages());

        var timeline = await client.Timeline(id);
        var asked = Assert.Single(timeline, e => e.Event == "DeliveryRetryRequested");
        Assert.Equal(TimelineEntry.Applied, asked.Outcome);
        Assert.Contains("requested by Jo Operator: the pickup folder is back", asked.Detail, StringComparison.Ordinal);
        Assert.Contains(timeline, e => e.Event == "StatutoryNotificationSent" && e.Sequence > asked.Sequence);

        // The page shows the retry on the verified timeline.
        page = await dashboard.Open($"/reviews/{id}");
        Assert.Contains(DashboardPage.Rows(page, "timeline"), r => DashboardPage.Cells(r)[1] == "DeliveryRetryRequested" && DashboardPage.Cells(r)[6].Contains("Jo Operator", StringComparison.Ordinal));
        Assert.StartsWith("Hash chain verified", page.GetElementById("timeline")!.NextElementSibling!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retry_without_its_antiforgery_token_or_a_name_changes_nothing_and_a_sent_one_is_refused()
    {
        var id = await ReviewWithEveryNotificationDeadLettered();
        var page = await dashboard.Open($"/reviews/{id}");
        var form = Assert.IsAssignableFrom<IHtmlFormElement>(page.QuerySelector("form.retry"));
        var length = (await client.Get(id)).TimelineLength;

        using (var forged = await dashboard.Submit(form, new Dictionary<string, string> { ["requestedBy"] = "Jo Operator", ["reason"] = "x" }, withToken: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var nameless = await dashboard.Submit(form, new Dictionary<string, string> { ["requestedBy"] = " ", ["reason"] = "the folder is back" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, nameless.StatusCode);
            Assert.Contains("Your name is required", await nameless.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(length, (await client.Get(id)).TimelineLength);

        // Once it has been retried and sent, a second retry is refused by the review, and the refusal is recorded.
        pickup.Repair();
        using (await dashboard.Submit(form, new Dictionary<string, string> { ["requestedBy"] = "Jo Operator", ["reason"] = "first" }))
        {
        }

        var key = form.Elements.OfType<IHtmlInputElement>().Single(i => i.Name == "key").Value;
        await client.Eventually(id, r => r.Deliveries.Single(d => d.IdempotencyKey == key).Status == DeliveryStatus.Sent);
        var stale = form.Elements.OfType<IHtmlInputElement>().Single(i => i.Name == "eventId");
        stale.Value = Guid.NewGuid().ToString();
        using (var refused = await dashboard.Submit(form, new Dictionary<string, string> { ["requestedBy"] = "Jo Operator", ["reason"] = "again" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("only a failed or dead-lettered notification can be retried", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Contains(await client.Timeline(id), e => e.Event == "DeliveryRetryRequested" && e.Outcome == TimelineEntry.Rejected);
    }

    private async Task<Guid> ReviewWithEveryNotificationDeadLettered()
    {
        var id = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-03-01", "2027-03-01"))).Id;
        var review = await client.Eventually(id, r => r.Deliveries.Count > 0 && r.Deliveries.All(d => d.Status == DeliveryStatus.DeadLettered));
        Assert.True(review.Deliveries.Count > 0 && review.Deliveries.All(d => d.Status == DeliveryStatus.DeadLettered),
            string.Join("; ", review.Deliveries.Select(d => $"{d.Kind} to {d.Recipient}: {d.Status}")));
        return id;
    }
}
