using System.Diagnostics;
using System.Globalization;
using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Telemetry;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Orchestrator.Tests.Reviews.Saga;
using Orchestration.Workers.Telemetry;
using Orchestration.Workers.Tests.Smtp;
using Tags = Orchestration.Infrastructure.Telemetry.TelemetryAttributes;

namespace Orchestration.Orchestrator.Tests.Telemetry;

/// <summary>
/// Runs alone: activity sources and meters are process-wide, so a test running beside these would add its spans
/// and counts to theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone
{
    public const string Name = "telemetry";
}

/// <summary>
/// The orchestrator on its embedded default with its workers in process, sending through a real SMTP server on
/// loopback, exporting to memory: a review opened over HTTP is one trace from the request to the email send and
/// the report back; an upstream message's trace is continued; the metrics count what happened; and no span, log
/// record or metric tag carries the child's or family's personal data.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private static readonly string[] PersonalData =
    [
        Referrals.ChildName, "Amelia", "Testchild", "Pat Testparent", "Testparent", "2019-04-02", "1994-01-01", "1 Example Row", "Exampletown",
        "Admitted to hospital", "injuries inconsistent", "Serious harm where abuse is suspected", "Jo Referrer", "jo.referrer@council.example",
        "Sam Lead", "sam.lead@council.example", "DC Example", "dc.example@police.example", "01234 567890",
    ];

    private SmtpServer server = null!;
    private readonly TelemetryCapture capture = new();

    public async Task InitializeAsync() => server = await SmtpServer.Start();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private WebApplicationFactory<Program> Orchestrator(OrchestratorFactory factory) =>
        factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Logging:LogLevel:Default", "Debug");
            builder.ConfigureTestServices(capture.AddTo);
        });

    private OrchestratorFactory Settings(string startsOn) => OrchestratorFactory.With(
        new Dictionary<string, string?>
        {
            ["Delivery:DispatcherEnabled"] = "true",
            ["Delivery:PollInterval"] = "00:00:00.100",
            ["Email:Channel"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
        },
        DateTimeOffset.Parse(startsOn + "T09:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_review_opened_over_HTTP_is_one_trace_from_the_request_through_the_transition_outbox_worker_and_SMTP_send()
    {
        await using var factory = Settings("2027-01-04");
        await using var host = Orchestrator(factory);
        var client = new ReviewClient(host.CreateClient());

        var id = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;
        var review = await client.Eventually(id, r => r.Deliveries.Count > 0 && r.Deliveries.All(d => d.Status == DeliveryStatus.Sent));
        Assert.All(review.Deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        var reviewId = id.ToString();

        // The request's span is the root; the transition it caused is in its trace.
        var request = await capture.Span(s => s.Kind == ActivityKind.Server && s.DisplayName.TrimEnd('/') == "POST /api/reviews", "for the request");
        var trace = request.TraceId;
        var transition = await capture.Span(
            s => s.DisplayName == OrchestratorTelemetry.TransitionSpan && Tag(s, Tags.Event) == nameof(ReferralSubmitted) && Tag(s, Tags.ReviewId) == reviewId,
            "for the referral's transition");
        Assert.Equal(trace, transition.TraceId);
        Assert.Equal(("warrington", "Initial", "RapidReview", "applied"),
            (Tag(transition, Tags.Partnership), Tag(transition, Tags.StateBefore), Tag(transition, Tags.StateAfter), Tag(transition, Tags.Outcome)));

        // Every notification the transition owed: published from the outbox under the transition (MassTransit's saga span
        // lies between them), taken into
        // the ledger, attempted and sent over SMTP, and reported back, all in the request's trace.
        var owed = review.Deliveries.Count;
        var publications = capture.Spans.Where(s => s.DisplayName == OrchestratorTelemetry.OutboxPublishSpan && s.TraceId == trace
            && Tag(s, Tags.MessageType) == nameof(SendStatutoryNotification)).ToList();
        Assert.Equal(owed, publications.Count);
        Assert.All(publications, p => Assert.Contains(transition, Ancestors(p)));
        Assert.All(publications, p => Assert.Equal(reviewId, Tag(p, Tags.ReviewId)));

        var records = capture.Spans.Where(s => s.DisplayName == WorkersTelemetry.RecordSpan && s.TraceId == trace).ToList();
        Assert.Equal(owed, records.Count);
        Assert.All(records, r => Assert.Equal(("warrington", reviewId), (Tag(r, Tags.Partnership), Tag(r, Tags.ReviewId))));
        Assert.All(records, r => Assert.Contains(Ancestors(r), a => publications.Contains(a)));

        await capture.Span(_ => capture.Spans.Count(s => s.DisplayName == WorkersTelemetry.SmtpSendSpan && s.TraceId == trace) >= owed, "for every SMTP send");

        var attempts = capture.Spans.Where(s => s.DisplayName == WorkersTelemetry.AttemptSpan && s.TraceId == trace).ToList();
        Assert.Equal(owed, attempts.Count);
        Assert.All(attempts, a => Assert.Contains(records, r => r.SpanId == a.ParentSpanId));
        Assert.All(attempts, a => Assert.Equal(("Sent", "1"), (Tag(a, Tags.Outcome), Tag(a, Tags.Attempt))));
        Assert.Equal(
            review.Deliveries.Select(d => d.Kind.ToString()).Order(StringComparer.Ordinal),
            attempts.Select(a => Tag(a, Tags.NotificationKind)!).Order(StringComparer.Ordinal));

        var sends = capture.Spans.Where(s => s.DisplayName == WorkersTelemetry.SmtpSendSpan && s.TraceId == trace).ToList();
        Assert.Equal(owed, sends.Count);
        Assert.All(sends, s => Assert.Equal(ActivityKind.Client, s.Kind));
        Assert.All(sends, s => Assert.Contains(attempts, a => a.SpanId == s.ParentSpanId));
        Assert.All(sends, s => Assert.Equal(server.Port.ToString(CultureInfo.InvariantCulture), Tag(s, "server.port")));

        // The outcome goes back to the review in the same trace, and the review's transition for it too.
        var reported = await capture.Span(
            s => s.DisplayName == OrchestratorTelemetry.TransitionSpan && Tag(s, Tags.Event) == nameof(StatutoryNotificationSent) && Tag(s, Tags.ReviewId) == reviewId,
            "for the report of a send");
        Assert.Equal(trace, reported.TraceId);
        Assert.Contains(Ancestors(reported), a => a.DisplayName == WorkersTelemetry.ReportSpan);

        // MassTransit's own spans carry the trace between them (the publish, the consume on the workers' queue).
        Assert.Contains(capture.Spans, s => s.Source.Name == "MassTransit" && s.TraceId == trace && s.Kind == ActivityKind.Consumer);

        // Log records written in the trace carry its id.
        Assert.Contains(capture.Logs.Records, l => l.Scope.TryGetValue("TraceId", out var t) && Equals(t?.ToString(), trace.ToString()));
    }

    [Fact]
    public async Task An_upstream_message_carrying_a_traceparent_continues_that_trace_into_the_review()
    {
        await using var factory = Settings("2027-03-01");
        await using var host = Orchestrator(factory);
        var client = new ReviewClient(host.CreateClient());
        var bus = host.Services.GetRequiredService<IBus>();
        var upstreamTrace = ActivityTraceId.CreateRandom();
        var upstreamSpan = ActivitySpanId.CreateRandom();
        var id = Guid.NewGuid();

        // The case system's own span, of a source nothing here listens to: only the message's headers carry it over.
        using (var upstream = new Activity("case-system.publish"))
        {
            upstream.SetParentId(upstreamTrace, upstreamSpan, ActivityTraceFlags.Recorded);
            upstream.Start();
            await bus.Publish(ReviewDriver.Referral("warrington", ReviewRoute.LocalAuthorityNotification, id));
        }

        await Exists(client, id);
        var review = await client.Eventually(id, r => r.Deliveries.Count > 0 && r.Deliveries.All(d => d.Status == DeliveryStatus.Sent));
        Assert.Equal("RapidReview", review.State);
        var transition = await capture.Span(
            s => s.DisplayName == OrchestratorTelemetry.TransitionSpan && Tag(s, Tags.ReviewId) == id.ToString() && Tag(s, Tags.Event) == nameof(ReferralSubmitted),
            "for the upstream referral's transition");
        Assert.Equal(upstreamTrace, transition.TraceId);
        await capture.Span(_ => capture.Spans.Count(s => s.DisplayName == WorkersTelemetry.SmtpSendSpan && s.TraceId == upstreamTrace) == review.Deliveries.Count,
            "for every SMTP send in the upstream trace");
    }

    [Fact]
    public async Task The_metrics_count_transitions_rejections_deliveries_and_breaches_and_no_telemetry_carries_personal_data()
    {
        await using var factory = Settings("2027-01-04");
        await using var host = Orchestrator(factory);
        var client = new ReviewClient(host.CreateClient());
        var id = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;
        var review = await client.Eventually(id, r => r.Deliveries.Count > 0 && r.Deliveries.All(d => d.Status == DeliveryStatus.Sent));
        await client.Refuse(id, "CsprCommissioned", new { occurredOn = "2027-01-04" });

        // A week and a half later, nothing done: the pump fires the Rapid Review's reminders and breaches.
        factory.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 20, 9, 0, 0, TimeSpan.Zero));
        var fired = await host.Services.GetRequiredService<DeadlinePump>().PumpOnce(CancellationToken.None);
        Assert.True(fired.Missed > 0, "nothing was missed");
        var after = await client.Eventually(id, r => r.Deadlines.Count(d => d.Status == "missed") == fired.Missed && r.Deliveries.All(d => d.Status == DeliveryStatus.Sent));
        Assert.True(after.Deliveries.Count > review.Deliveries.Count, "the breaches owed no notices");
        var missedRules = after.Deadlines.Where(d => d.Status == "missed").Select(d => d.Rule).ToList();
        Assert.Equal(fired.Missed, missedRules.Count);
        var tick = await capture.Span(s => s.DisplayName == OrchestratorTelemetry.PumpTickSpan && Tag(s, "cspr.deadline_pump.missed") == fired.Missed.ToString(CultureInfo.InvariantCulture), "for the pump's pass");
        var firings = capture.Spans.Where(s => s.DisplayName == OrchestratorTelemetry.DeadlineFireSpan && s.ParentSpanId == tick.SpanId && Tag(s, Tags.FiringKind) == "missed").ToList();
        Assert.Equal(missedRules.Order(StringComparer.Ordinal), firings.Select(f => Tag(f, Tags.Rule)!).Order(StringComparer.Ordinal));

        // The review's reaction to a breach continues the firing's trace.
        var firing = firings[0];
        var reaction = await capture.Span(s => s.DisplayName == OrchestratorTelemetry.TransitionSpan && Tag(s, Tags.Event) == nameof(DeadlineMissed) && Tag(s, Tags.Rule) == Tag(firing, Tags.Rule),
            "for the review's reaction to the breach");
        Assert.Equal(firing.TraceId, reaction.TraceId);

        var exported = capture.CollectMetrics(host.Services);
        Assert.Equal(1, TelemetryCapture.Value(exported, "cspr.review.transitions", ("partnership", "warrington"), ("event", "ReferralSubmitted"), ("state", "RapidReview")));
        Assert.Equal(1, TelemetryCapture.Value(exported, "cspr.review.rejections", ("partnership", "warrington"), ("event", "CsprCommissioned"), ("state", "RapidReview")));
        Assert.Equal(1, TelemetryCapture.Value(exported, "cspr.reviews", ("partnership", "warrington"), ("state", "RapidReview")));
        Assert.Equal(after.Deliveries.Count, TelemetryCapture.Value(exported, "cspr.delivery.sent", ("partnership", "warrington")));
        Assert.Equal(fired.Missed, TelemetryCapture.Value(exported, "cspr.deadline.missed", ("partnership", "warrington")));
        Assert.Equal(fired.Missed, TelemetryCapture.Value(exported, "cspr.deadline_pump.lag", ("kind", "missed")));
        Assert.Equal(fired.Missed, TelemetryCapture.Value(exported, "cspr.deadlines.missed", ("partnership", "warrington")));
        Assert.Equal(after.Deliveries.Count, TelemetryCapture.Value(exported, "cspr.outbox.published", ("kind", nameof(SendStatutoryNotification))));

        // Working days from today to the earliest open due date (negative: already passed).
        var calendar = host.Services.GetRequiredService<WorkingDayCalendar>();
        var open = (await client.Get(id)).Deadlines.Where(d => d.Status == "open").Select(d => d.DueOn).Min();
        Assert.Equal(calendar.WorkingDaysBetween(new DateOnly(2027, 1, 20), open), TelemetryCapture.Value(exported, "cspr.deadline.next_breach", ("partnership", "warrington")));

        // Nothing personal anywhere: spans (names, attributes, events), log records (text, values, scopes), metric tags.
        var spanText = capture.Spans.SelectMany(TelemetryCapture.TextOf).ToList();
        var logText = capture.Logs.Records.SelectMany(l => l.Scope.Select(s => $"{s.Key}={s.Value}").Append(l.Text)).ToList();
        var metricText = TelemetryCapture.MetricTagValues(exported).ToList();
        Assert.NotEmpty(spanText);
        Assert.NotEmpty(logText);
        Assert.NotEmpty(metricText);
        foreach (var personal in PersonalData)
        {
            Assert.DoesNotContain(spanText, t => t.Contains(personal, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(logText, t => t.Contains(personal, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(metricText, t => t.Contains(personal, StringComparison.OrdinalIgnoreCase));
        }

        // The readiness report names its checks: the databases, the bus, the pump and the SMTP gateway.
        using var ready = await client.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
        foreach (var check in new[] { "reviews-database", "workers-database", "deadline-pump", "smtp-gateway", "masstransit-bus" })
        {
            Assert.Contains($"\"{check}\"", body, StringComparison.Ordinal);
        }
    }

    private static async Task Exists(ReviewClient client, Guid id)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await client.Http.GetAsync(new Uri($"/api/reviews/{id}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"review {id} was never opened");
            await Task.Delay(20);
        }
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private IEnumerable<Activity> Ancestors(Activity span)
    {
        var all = capture.Spans.Where(s => s.TraceId == span.TraceId).ToDictionary(s => s.SpanId);
        var parent = span.ParentSpanId;
        while (all.TryGetValue(parent, out var next))
        {
            yield return next;
            parent = next.ParentSpanId;
        }
    }
}
