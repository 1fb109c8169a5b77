using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orchestration.Workers.Ledger;
using Orchestration.Workers.Telemetry;
using Tags = Orchestration.Infrastructure.Telemetry.TelemetryAttributes;

namespace Orchestration.Workers.Tests.Telemetry;

/// <summary>Runs alone: the workers' activity source and meter are process-wide, and other tests' deliveries would count here.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkersTelemetryRunsAlone
{
    public const string Name = "workers-telemetry";
}

/// <summary>
/// The ledger decouples the consume from the send, so the trace context travels on the ledger row: the attempt,
/// the send and the report continue the trace of the command's consume. The counters count what each attempt came to.
/// </summary>
[Collection(WorkersTelemetryRunsAlone.Name)]
public sealed class WorkersTelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> spans = [];
    private readonly List<MetricSnapshot> metrics = [];
    private TracerProvider tracing = null!;
    private MeterProvider meters = null!;

    public Task InitializeAsync()
    {
        tracing = Sdk.CreateTracerProviderBuilder().AddSource(WorkersTelemetry.Name, "MassTransit").AddInMemoryExporter(spans).Build()!;
        meters = Sdk.CreateMeterProviderBuilder().AddMeter(WorkersTelemetry.Name).AddInMemoryExporter(metrics).Build()!;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        tracing.Dispose();
        meters.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_delivery_attempted_later_continues_the_trace_of_the_command_that_asked_for_it()
    {
        await using var workers = await WorkersHarness.Start();
        var orchestratorTrace = ActivityTraceId.CreateRandom();
        var command = Notifications.Command("DeadlineReminder", "BusinessUnit", Notifications.Facts(["deadline", "N5", "dueOn", "2027-01-27"]), rule: "N5");
        using (var relay = new Activity("outbox.publish"))
        {
            relay.SetParentId(orchestratorTrace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
            relay.Start();
            await workers.Send(command);
        }

        var row = Assert.Single(await workers.Ledger());
        Assert.NotNull(row.TraceParent);
        Assert.Contains(orchestratorTrace.ToString(), row.TraceParent, StringComparison.Ordinal);

        // Later, from the dispatcher's own loop (no span current): the attempt joins the command's trace.
        Assert.Equal(1, await workers.Round());
        lock (spans)
        {
            var recorded = Assert.Single(spans, s => s.DisplayName == WorkersTelemetry.RecordSpan);
            var attempt = Assert.Single(spans, s => s.DisplayName == WorkersTelemetry.AttemptSpan);
            var write = Assert.Single(spans, s => s.DisplayName == WorkersTelemetry.PickupWriteSpan);
            var report = Assert.Single(spans, s => s.DisplayName == WorkersTelemetry.ReportSpan);
            Assert.All(new[] { recorded, attempt, write, report }, s => Assert.Equal(orchestratorTrace, s.TraceId));
            Assert.Equal(recorded.SpanId, attempt.ParentSpanId);
            Assert.Equal(attempt.SpanId, write.ParentSpanId);
            Assert.Equal(recorded.SpanId, report.ParentSpanId);
            Assert.Equal(
                (command.ReviewId.ToString(), "warrington", "DeadlineReminder", "BusinessUnit", "N5", "Sent"),
                (Tag(attempt, Tags.ReviewId), Tag(attempt, Tags.Partnership), Tag(attempt, Tags.NotificationKind), Tag(attempt, Tags.RecipientRole),
                    Tag(attempt, Tags.Rule), Tag(attempt, Tags.Outcome)));
        }

        Assert.Equal(1, Count("cspr.delivery.sent", "DeadlineReminder"));
    }

    [Fact]
    public async Task Attempts_that_fail_and_deliveries_given_up_are_counted_by_partnership_and_kind()
    {
        // A gateway nobody listens on: every attempt fails for a reason that may pass.
        await using var workers = await WorkersHarness.Start(new Dictionary<string, string?>
        {
            ["Email:Channel"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:Timeout"] = "00:00:02",
        });
        await workers.Send(Notifications.Command("DeadlineReminder", "BusinessUnit", Notifications.Facts(["deadline", "N5", "dueOn", "2027-01-27"])));
        await workers.Send(Notifications.Command("DeadlineReminder", "ElectedMembers", Notifications.Facts(["deadline", "N5", "dueOn", "2027-01-27"])));

        Assert.Equal(2, await workers.Round());
        workers.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await workers.Round());

        Assert.Equal(2, Count("cspr.delivery.failed", "DeadlineReminder"));
        Assert.Equal(1, Count("cspr.delivery.dead_lettered", "DeadlineReminder"));
        Assert.Equal(0, Count("cspr.delivery.sent", "DeadlineReminder"));
        var states = (await workers.Ledger()).Select(d => d.State).Order().ToList();
        Assert.Equal(new[] { DeliveryState.Failed, DeliveryState.DeadLettered }, states);
    }

    private long Count(string metric, string kind)
    {
        Assert.True(meters.ForceFlush(10_000));
        long total = 0;
        lock (metrics)
        {
            foreach (var snapshot in metrics.Where(m => m.Name == metric).TakeLast(1))
            {
                foreach (var point in snapshot.MetricPoints)
                {
                    var tags = new Dictionary<string, object?>();
                    foreach (var tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value;
                    }

                    Assert.Equal("warrington", tags["partnership"]);
                    if (Equals(tags["kind"], kind))
                    {
                        total += point.GetSumLong();
                    }
                }
            }
        }

        return total;
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();
}
