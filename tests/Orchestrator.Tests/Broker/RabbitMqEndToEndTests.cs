using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Durability;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Tests.Brokers;
using Orchestration.Workers.Tests.Smtp;

namespace Orchestration.Orchestrator.Tests.Broker;

/// <summary>
/// The production shape on a real RabbitMQ node and a real SMTP server, both local processes on loopback: the
/// orchestrator on RabbitMQ (so it does not host the workers) and the workers as their own process.
/// </summary>
public sealed class RabbitMqEndToEndTests : IAsyncLifetime
{
    private RabbitMqBroker broker = null!;
    private SmtpServer smtp = null!;

    public async Task InitializeAsync()
    {
        broker = await RabbitMqBroker.Start();
        smtp = await SmtpServer.Start();
    }

    public async Task DisposeAsync()
    {
        await smtp.DisposeAsync();
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task A_review_runs_over_RabbitMQ_with_the_workers_in_their_own_process_who_may_start_after_the_orchestrator()
    {
        await using var factory = OrchestratorFactory.With(new Dictionary<string, string?>(broker.Settings)
        {
            ["Outbox:PollInterval"] = "00:00:00.200",
        }, DateTimeOffset.UtcNow);

        // The workers' process keeps real time, and a review takes no report dated before it began: the review runs
        // over the last three weeks of real dates.
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-21);
        string Day(int days) => start.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var client = new ReviewClient(factory.CreateClient());
        var review = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", Day(0), Day(0)));
        Assert.Equal("RapidReview", review.State);
        Assert.NotEmpty(review.Deliveries);

        // The workers have never run: their queue does not exist, so the broker cannot route the commands. The relay
        // holds them in the outbox rather than lose them.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(-1, await broker.Depth("notifications"));
        Assert.True(await factory.Read(db => db.Outbox.CountAsync(o => o.SentAt == null && o.MessageType.Contains("SendStatutoryNotification"))) > 0);
        Assert.All((await client.Get(review.Id)).Deliveries, d => Assert.Equal(DeliveryStatus.Requested, d.Status));

        await using var workers = new WorkersProcess(WorkerSettings());
        await workers.Start(async () => await broker.Depth("notifications") >= 0);

        review = await Until(factory, client, review.Id, r => r.Deliveries.All(d => d.Status == DeliveryStatus.Sent), workers);
        var received = smtp.Messages().Where(m => m.Headers["X-CSPR-Review"] == review.Id.ToString("D")).ToList();
        Assert.Equal(review.Deliveries.Count, received.Count);
        Assert.Equal(review.Deliveries.Select(d => Workers.Email.MessageComposer.MessageIdFor(d.IdempotencyKey)).Order(StringComparer.Ordinal),
            received.Select(m => m.MessageId).Order(StringComparer.Ordinal));

        // And on through the Rapid Review: the outcome goes to the Panel and the referrer, over the broker, once each.
        await client.Apply(review.Id, "RapidReviewMeetingHeld", new { occurredOn = Day(7), attendees = Referrals.FullMeeting() });
        await client.Apply(review.Id, "RapidReviewReportDrafted", new { occurredOn = Day(8) });
        await client.Apply(review.Id, "RapidReviewReportEndorsed", new { occurredOn = Day(8), endorsedBy = new[] { "LocalAuthority", "Police", "Icb" } });
        await client.Apply(review.Id, "RapidReviewOutcomeDecided", new { occurredOn = Day(9), outcome = "LocalReview", reason = "Learning for the partnership." });
        review = await Until(factory, client, review.Id, r => r.Deliveries.All(d => d.Status == DeliveryStatus.Sent) && r.Deliveries.Any(d => d.Kind.ToString() == "RapidReviewOutcome"), workers);
        received = smtp.Messages().Where(m => m.Headers["X-CSPR-Review"] == review.Id.ToString("D")).ToList();
        Assert.Equal(review.Deliveries.Count, received.Count);
        Assert.Contains(received, m => m.Headers["X-CSPR-Notification"] == "RapidReviewOutcome" && m.To.Mailboxes.Single().Address == "Mailbox.NationalReviewPanel@education.gov.uk");
        Assert.True(await broker.Depth("reviews_error") <= 0, "messages in reviews_error");
        Assert.True(await broker.Depth("notifications_error") <= 0, "messages in notifications_error");
    }

    [Fact]
    public async Task With_the_broker_down_for_a_minute_both_processes_reconnect_and_nothing_is_lost_or_sent_twice()
    {
        await using var workers = new WorkersProcess(WorkerSettings());
        await workers.Start(async () => await broker.Depth("notifications") >= 0);
        await using var factory = OrchestratorFactory.With(new Dictionary<string, string?>(broker.Settings)
        {
            ["Outbox:PollInterval"] = "00:00:00.200",
        }, DateTimeOffset.UtcNow);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);
        var client = new ReviewClient(factory.CreateClient());
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            var day = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            ids.Add((await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", day, day))).Id);
        }

        foreach (var id in ids)
        {
            await Until(factory, client, id, r => r.Deliveries.All(d => d.Status == DeliveryStatus.Sent), workers);
        }

        // The broker goes down. Meanwhile two months pass for the orchestrator: its pump fires every review's deadlines
        // into the outbox, which cannot reach the broker and keeps them.
        await broker.Stop();
        var down = DateTime.UtcNow;
        factory.Clock.Advance(TimeSpan.FromDays(60));
        var fired = await factory.Pump();
        Assert.True(fired.Missed >= ids.Count, $"the pump fired {fired.Missed} breaches");
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.True(await factory.Read(db => db.Outbox.CountAsync(o => o.SentAt == null)) >= fired.Missed, "the outbox should hold what the pump fired");

        // A caller meanwhile is told the bus is unavailable and to retry: a 503 problem, not a bare failure.
        var refusedEvent = new { occurredOn = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), eventId = Guid.NewGuid() };
        using (var refused = await client.Post(ids[0], "SeriousIncidentNotified", refusedEvent))
        {
            var problem = await ReviewAssert.Problem(refused, System.Net.HttpStatusCode.ServiceUnavailable);
            Assert.Contains("Retry with the same eventId", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        var outage = TimeSpan.FromMinutes(1) - (DateTime.UtcNow - down);
        if (outage > TimeSpan.Zero)
        {
            await Task.Delay(outage);
        }

        await broker.Restart();

        // Both reconnect by themselves: the breaches reach the reviews, the breach notices reach the business unit, once each.
        foreach (var id in ids)
        {
            await Until(factory, client, id,
                r => r.Deliveries.Any(d => d.Kind.ToString() == "DeadlineBreach") && r.Deliveries.All(d => d.Status == DeliveryStatus.Sent), workers);
        }

        // The caller does what the 503 said: the same event again, with the same id. A 503 does not say the event was not
        // applied (a send caught by the outage may still reach the review once the broker is back), so the answer is
        // 200 either way, and the review has it once.
        using (var retried = await client.Post(ids[0], "SeriousIncidentNotified", refusedEvent))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, retried.StatusCode);
        }

        Assert.Single(await client.Timeline(ids[0]), e => e.EventId == refusedEvent.eventId && e.Outcome == TimelineEntry.Applied);
        await Until(factory, client, ids[0], r => r.Deliveries.All(d => d.Status == DeliveryStatus.Sent), workers);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var messages = smtp.Messages();
        foreach (var id in ids)
        {
            var review = await client.Get(id);
            var received = messages.Where(m => m.Headers["X-CSPR-Review"] == id.ToString("D")).Select(m => m.MessageId).ToList();
            Assert.Equal(received.Count, received.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(review.Deliveries.Select(d => Workers.Email.MessageComposer.MessageIdFor(d.IdempotencyKey)).Order(StringComparer.Ordinal),
                received.Order(StringComparer.Ordinal));
            if (id == ids[0])
            {
                // Its serious incident notification, dated before the deadline it satisfies, arrived after the pump had
                // fired that deadline as missed: the deadline is met (on time, by its date) and its breach notice stands.
                continue;
            }

            Assert.True(review.Deadlines.Count(d => d.Status == "missed") == review.Deliveries.Count(d => d.Kind.ToString() == "DeadlineBreach"),
                $"review {id}: deadlines {string.Join("; ", review.Deadlines.Select(d => $"{d.Rule} {d.Status} due {d.DueOn} met {d.MetOn}"))}; "
                + $"breach notices {string.Join("; ", review.Deliveries.Where(d => d.Kind.ToString() == "DeadlineBreach").Select(d => $"{d.Rule} {d.IdempotencyKey}"))}");
        }

        Assert.Equal(0, await factory.Read(db => db.Outbox.CountAsync(o => o.SentAt == null)));
    }

    [Fact]
    public async Task An_upstream_case_system_publishes_a_referral_straight_to_the_broker_in_the_documented_envelope_and_the_review_opens()
    {
        await using var factory = OrchestratorFactory.With(broker.Settings, DateTimeOffset.UtcNow);
        var client = new ReviewClient(factory.CreateClient());
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var referral = Referrals.Complete("warrington", "LocalAuthorityNotification", day, day);
        var id = Guid.NewGuid();
        referral["eventId"] = id.ToString();
        var amqp = new Uri($"amqp://guest:guest@127.0.0.1:{broker.Port}/");

        // The same publish twice (an upstream retry after a lost confirmation): one review.
        await Samples.UpstreamPublisher.EnvelopePublisher.Publish(amqp, "ReferralSubmitted", referral, Guid.NewGuid());
        await Samples.UpstreamPublisher.EnvelopePublisher.Publish(amqp, "ReferralSubmitted", referral, Guid.NewGuid());

        var deadline = DateTime.UtcNow.AddSeconds(30);
        ReviewView? review = null;
        while (review is null)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"the review was not opened from the broker within 30 seconds (reviews_error {await broker.Depth("reviews_error")}, reviews_skipped {await broker.Depth("reviews_skipped")})");
            using var response = await client.Http.GetAsync(new Uri($"/api/reviews/{id}", UriKind.Relative));
            review = response.IsSuccessStatusCode ? await client.Get(id) : null;
            await Task.Delay(200);
        }

        Assert.Equal(("warrington", "RapidReview"), (review.Partnership, review.State));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await client.Timeline(id), e => e.Event == "ReferralSubmitted" && e.Outcome == TimelineEntry.Applied);
        Assert.True(await broker.Depth("reviews_error") <= 0, "messages in reviews_error");
    }

    private Dictionary<string, string?> WorkerSettings() => WorkersProcess.SendingThroughSmtp(broker.Settings, smtp.Port);

    private async Task<ReviewView> Until(OrchestratorFactory factory, ReviewClient client, Guid id, Func<ReviewView, bool> condition, WorkersProcess workers)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var review = await client.Get(id);
            if (condition(review))
            {
                return review;
            }

            if (DateTime.UtcNow > deadline)
            {
                var outbox = await factory.Read(db => db.Outbox.Where(o => o.SentAt == null).Select(o => o.MessageType + " " + o.Attempts + " " + o.LastError).ToListAsync());
                Assert.Fail($"not reached in 60 s: {string.Join("; ", review.Deliveries.Select(d => $"{d.Kind}→{d.Recipient} {d.Status} {d.FailureReason}"))}\n"
                    + $"timeline: {string.Join("; ", (await client.Timeline(id)).Select(t => $"{t.Event} {t.Outcome} {t.Detail}"))}\n"
                    + $"outbox unsent: {string.Join("; ", outbox)}\nsmtp: {smtp.Messages().Count}, notifications queue {await broker.Depth("notifications")}, reviews queue {await broker.Depth("reviews")}\nworkers: {workers.Output}");
            }

            await Task.Delay(200);
        }
    }
}
