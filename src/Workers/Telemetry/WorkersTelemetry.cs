using System.Diagnostics;
using System.Diagnostics.Metrics;
using static Orchestration.Infrastructure.Telemetry.TelemetryAttributes;

namespace Orchestration.Workers.Telemetry;

/// <summary>The workers' activity source and the names of their spans.</summary>
public static class WorkersTelemetry
{
    /// <summary>The name of the workers' activity source and meter.</summary>
    public const string Name = "Orchestration.Workers";

    /// <summary>The workers' spans.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>A command taken into the delivery ledger (within MassTransit's consume span).</summary>
    public const string RecordSpan = "delivery.record";

    /// <summary>One attempt at a delivery: claim, compose, hand over, record; continues the trace of the command's consume.</summary>
    public const string AttemptSpan = "delivery.attempt";

    /// <summary>The message handed to the SMTP gateway.</summary>
    public const string SmtpSendSpan = "smtp.send";

    /// <summary>The message written to the pickup folder.</summary>
    public const string PickupWriteSpan = "pickup.write";

    /// <summary>An outcome reported to the review; continues the trace of the command's consume.</summary>
    public const string ReportSpan = "delivery.report";
}

/// <summary>
/// The workers' metrics (meter <see cref="WorkersTelemetry.Name"/>): deliveries sent, failed (to be retried)
/// and dead-lettered, counted once their outcome is committed, tagged by partnership and kind only.
/// </summary>
public sealed class WorkersMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly Counter<long> sent;
    private readonly Counter<long> failed;
    private readonly Counter<long> deadLettered;

    /// <summary>Creates the instruments.</summary>
    public WorkersMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        meter = meters.Create(WorkersTelemetry.Name);
        sent = meter.CreateCounter<long>("cspr.delivery.sent", "{delivery}",
            "Notifications the gateway (or the pickup folder) accepted, by partnership and kind.");
        failed = meter.CreateCounter<long>("cspr.delivery.failed", "{attempt}",
            "Delivery attempts that failed for a reason that may pass (retried after a backoff), by partnership and kind.");
        deadLettered = meter.CreateCounter<long>("cspr.delivery.dead_lettered", "{delivery}",
            "Deliveries given up (a permanent failure, or the attempts ran out), by partnership and kind.");
    }

    /// <summary>Counts a committed outcome of an attempt.</summary>
    public void Attempted(string partnership, string kind, DeliveryAttemptOutcome outcome)
    {
        var counter = outcome switch
        {
            DeliveryAttemptOutcome.Sent => sent,
            DeliveryAttemptOutcome.Failed => failed,
            _ => deadLettered,
        };
        counter.Add(1, new KeyValuePair<string, object?>(PartnershipTag, partnership), new KeyValuePair<string, object?>(KindTag, kind));
    }

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();
}

/// <summary>What one attempt at a delivery came to.</summary>
public enum DeliveryAttemptOutcome
{
    /// <summary>Accepted by the gateway or the folder.</summary>
    Sent,

    /// <summary>Failed; it will be retried.</summary>
    Failed,

    /// <summary>Given up.</summary>
    DeadLettered,
}
