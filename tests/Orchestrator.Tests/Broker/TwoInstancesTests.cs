using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Durability;
using Orchestration.Orchestrator.Tests.Postgres;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Tests.Brokers;
using Orchestration.Workers.Tests.Postgres;
using Orchestration.Workers.Tests.Smtp;
using Xunit.Abstractions;

namespace Orchestration.Orchestrator.Tests.Broker;

/// <summary>
/// The production shape at scale: two orchestrator instances sharing one PostgreSQL database and one RabbitMQ
/// node, and two workers' processes sharing one ledger, all real servers on loopback. Five hundred reviews are
/// opened through both instances, every event of a review is sent through both at once (the same event id twice,
/// as an upstream system retrying through another instance), both pumps race over the same deadlines, and at the
/// end every review holds each event once, every notification owed is sent once, and nothing is left behind.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class TwoInstancesTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Reviews = 500;
    private const int ReviewsInFlight = 24;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private RabbitMqBroker broker = null!;
    private SmtpServer smtp = null!;
    private PostgresStore store = null!;
    private int retried;

    public async Task InitializeAsync()
    {
        broker = await RabbitMqBroker.Start();
        smtp = await SmtpServer.Start();
        store = await PostgresStore.Create(server);
    }

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        await smtp.DisposeAsync();
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task Five_hundred_reviews_driven_through_two_instances_at_once_lose_nothing_and_send_nothing_twice()
    {
        var settings = new Dictionary<string, string?>(broker.Settings);
        foreach (var (key, value) in store.Settings(("Outbox:PollInterval", "00:00:00.200")))
        {
            settings[key] = value;
        }

        // The workers start first so that no command waits for their queue; both share the ledger on PostgreSQL.
        await using var workersA = new WorkersProcess(WorkerSettings());
        await using var workersB = new WorkersProcess(WorkerSettings());
        await workersA.Start(async () => await broker.Depth("notifications") >= 0);
        await workersB.Start(() => Task.FromResult(true));
        await using var instanceA = OrchestratorFactory.With(settings, DateTimeOffset.UtcNow);
        await using var instanceB = OrchestratorFactory.With(settings, DateTimeOffset.UtcNow);
        var a = new ReviewClient(instanceA.CreateClient());
        var b = new ReviewClient(instanceB.CreateClient());

        // The reviews run over the last three weeks of real dates (the workers' process keeps real time).
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-21);
        string Day(int days) => start.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ids = Enumerable.Range(0, Reviews).Select(_ => Guid.NewGuid()).ToList();
        var failures = new ConcurrentQueue<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ReviewsInFlight }, async (id, _) =>
        {
            // The referral through one instance and, as a retry, through the other: one review.
            var referral = Referrals.Complete("warrington", "LocalAuthorityNotification", Day(0), Day(0), id);
            await Both(failures, id, "ReferralSubmitted",
                () => a.Http.PostAsJsonAsync("/api/reviews", referral, ReviewClient.Json),
                () => b.Http.PostAsJsonAsync("/api/reviews", referral, ReviewClient.Json),
                HttpStatusCode.Created, HttpStatusCode.OK);

            // Four events that the Rapid Review takes in any order, each through both instances at once.
            var unordered = new (string Name, object Body)[]
            {
                ("SeriousIncidentNotified", new { occurredOn = Day(1), eventId = Guid.NewGuid() }),
                ("TriageRecommendationMade", new { occurredOn = Day(1), recommendation = "RapidReview", reason = "Standard Rapid Review.", eventId = Guid.NewGuid() }),
                ("InformationRequestsSent", new { occurredOn = Day(2), agencies = new[] { "Police", "Health visiting" }, dueOn = Day(10), eventId = Guid.NewGuid() }),
                ("RapidReviewMeetingScheduled", new { occurredOn = Day(2), scheduledFor = Day(7), eventId = Guid.NewGuid() }),
            };
            await Task.WhenAll(unordered.Select(e => Both(failures, id, e.Name,
                () => a.Post(id, e.Name, e.Body), () => b.Post(id, e.Name, e.Body), HttpStatusCode.OK, HttpStatusCode.OK)));

            // Then the meeting and the decision, in order, each also through both.
            var ordered = new (string Name, object Body)[]
            {
                ("RapidReviewMeetingHeld", new { occurredOn = Day(7), attendees = Referrals.FullMeeting(), eventId = Guid.NewGuid() }),
                ("RapidReviewReportDrafted", new { occurredOn = Day(8), eventId = Guid.NewGuid() }),
                ("RapidReviewReportEndorsed", new { occurredOn = Day(8), endorsedBy = new[] { "LocalAuthority", "Police", "Icb" }, eventId = Guid.NewGuid() }),
                ("RapidReviewOutcomeDecided", new { occurredOn = Day(9), outcome = "LocalReview", reason = "Learning for the partnership.", eventId = Guid.NewGuid() }),
            };
            foreach (var (name, body) in ordered)
            {
                await Both(failures, id, name, () => a.Post(id, name, body), () => b.Post(id, name, body), HttpStatusCode.OK, HttpStatusCode.OK);
            }
        });
        output.WriteLine($"{Reviews} reviews driven through both instances in {clock.Elapsed}; {retried} requests retried after a 503");
        Assert.True(failures.IsEmpty, $"{failures.Count} requests were not answered as expected, e.g. {string.Join("\n", failures.Take(5))}");

        // Two months later both pumps run at once over the same open deadlines: each fires once.
        instanceA.Clock.Advance(TimeSpan.FromDays(60));
        instanceB.Clock.Advance(TimeSpan.FromDays(60));
        var pumped = await Task.WhenAll(instanceA.Pump(), instanceB.Pump());
        var openBefore = pumped.Sum(p => p.Missed);
        Assert.True(openBefore >= Reviews, $"the pumps fired {openBefore} breaches for {Reviews} reviews");

        // Everything owed reaches its end: the outbox empties, every delivery is sent, no queue holds an error.
        var reviews = await Settled(instanceA, a, ids, workersA, workersB);
        output.WriteLine($"settled (outbox empty, every delivery sent) at {clock.Elapsed}");
        var messages = smtp.Messages();
        var byReview = messages.GroupBy(m => m.Headers["X-CSPR-Review"] ?? "(none)").ToDictionary(g => g.Key, g => g.Select(m => m.MessageId ?? "(none)").ToList(), StringComparer.Ordinal);
        Assert.Equal(messages.Count, messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(reviews.Sum(r => r.Deliveries.Count), messages.Count);
        Assert.Equal(pumped.Sum(p => p.Missed), reviews.Sum(r => r.Deadlines.Count(d => d.Status == "missed")));
        foreach (var review in reviews)
        {
            Assert.Equal("RapidReviewSubmitted", review.State);
            Assert.Equal(review.Deliveries.Select(d => Workers.Email.MessageComposer.MessageIdFor(d.IdempotencyKey)).Order(StringComparer.Ordinal),
                byReview[review.Id.ToString("D")].Order(StringComparer.Ordinal));
            Assert.Equal(review.Deadlines.Count(d => d.Status == "missed"), review.Deliveries.Count(d => d.Kind.ToString() == "DeadlineBreach"));
        }

        // Each review's timeline holds each event once (and each breach once), and its chain verifies.
        var expected = new[]
        {
            "ReferralSubmitted", "SeriousIncidentNotified", "TriageRecommendationMade", "InformationRequestsSent", "RapidReviewMeetingScheduled",
            "RapidReviewMeetingHeld", "RapidReviewReportDrafted", "RapidReviewReportEndorsed", "RapidReviewOutcomeDecided",
        };
        var timelines = await instanceB.Read(db => db.Timeline.AsNoTracking().Where(t => t.Outcome == TimelineEntry.Applied)
            .Select(t => new { t.ReviewId, t.Event }).ToListAsync());
        Assert.Equal(Reviews, timelines.Select(t => t.ReviewId).Distinct().Count());
        foreach (var review in reviews)
        {
            var applied = timelines.Where(t => t.ReviewId == review.Id).Select(t => t.Event).ToList();
            Assert.All(expected, name => Assert.Single(applied, e => e == name));
            Assert.Equal(review.Deadlines.Count(d => d.Status == "missed"), applied.Count(e => e == "DeadlineMissed"));
        }

        foreach (var id in ids.Take(50))
        {
            using var verify = await b.Http.GetAsync(new Uri($"/api/reviews/{id}/timeline/verify", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        }

        Assert.Equal(0, await instanceA.Read(db => db.Outbox.CountAsync(o => o.SentAt == null)));
        foreach (var queue in new[] { "reviews_error", "notifications_error", "reviews_skipped" })
        {
            if (await broker.Depth(queue) > 0)
            {
                Assert.Fail($"messages in {queue}: {string.Join("\n", await broker.Faults(queue))}");
            }
        }
    }

    // Sends the same request through both instances at once and expects each answer to be one of the two given
    // (a first time and a repeat); any other answer is recorded as a failure of the run. A caller told 503 (the review
    // was not reached in time, on two busy cores) does what the answer says: retries with the same event id.
    private async Task Both(ConcurrentQueue<string> failures, Guid id, string name, Func<Task<HttpResponseMessage>> viaA, Func<Task<HttpResponseMessage>> viaB,
        HttpStatusCode first, HttpStatusCode repeat)
    {
        var answers = await Task.WhenAll(Retrying(viaA), Retrying(viaB));
        var codes = answers.Select(r => r.StatusCode).ToList();
        // Both may answer as a repeat: a copy told 503 that retried can find the other's first answer already applied.
        var fine = codes.All(c => c == first || c == repeat);
        if (!fine)
        {
            failures.Enqueue($"{id} {name}: {string.Join(", ", codes.Select(c => (int)c))}: {await answers.First(r => r.StatusCode != first && r.StatusCode != repeat).Content.ReadAsStringAsync()}");
        }

        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    private async Task<HttpResponseMessage> Retrying(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await send();
            if (answer.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 3)
            {
                return answer;
            }

            Interlocked.Increment(ref retried);
            answer.Dispose();
        }
    }

    private async Task<List<ReviewView>> Settled(OrchestratorFactory factory, ReviewClient client, List<Guid> ids, WorkersProcess workersA, WorkersProcess workersB)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var unsent = await factory.Read(db => db.Outbox.CountAsync(o => o.SentAt == null));
            var reviews = new List<ReviewView>(ids.Count);
            foreach (var id in ids)
            {
                reviews.Add(await client.Get(id));
            }

            var pending = reviews.SelectMany(r => r.Deliveries).Count(d => d.Status != DeliveryStatus.Sent);
            var breachesOwed = reviews.Sum(r => r.Deadlines.Count(d => d.Status == "missed") - r.Deliveries.Count(d => d.Kind.ToString() == "DeadlineBreach"));
            if (unsent == 0 && pending == 0 && breachesOwed == 0)
            {
                return reviews;
            }

            if (DateTime.UtcNow > until)
            {
                var stuck = reviews.SelectMany(r => r.Deliveries).Where(d => d.Status != DeliveryStatus.Sent).Take(5);
                Assert.Fail($"not settled in {Patience}: outbox unsent {unsent}, deliveries not sent {pending}, breach notices not requested {breachesOwed}; "
                    + $"e.g. {string.Join("; ", stuck.Select(d => $"{d.Kind}→{d.Recipient} {d.Status} {d.FailureReason}"))}\n"
                    + $"smtp {smtp.Messages().Count}; queues:\n{await broker.Queues()}\nfaults in reviews_error: {(await broker.Depth("reviews_error") > 0 ? string.Join("; ", await broker.Faults("reviews_error")) : "none")}\n"
                    + $"workers A: {workersA.Output}\nworkers B: {workersB.Output}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private Dictionary<string, string?> WorkerSettings()
    {
        var settings = WorkersProcess.SendingThroughSmtp(broker.Settings, smtp.Port);
        settings["Database:Provider"] = "PostgreSQL";
        settings["ConnectionStrings:Workers"] = store.Workers.ConnectionString;
        return settings;
    }
}
