using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using static Orchestration.Infrastructure.Telemetry.TelemetryAttributes;

namespace Orchestration.Orchestrator.Telemetry;

/// <summary>Registers the orchestrator's metrics, once, wherever something that records them is registered.</summary>
public static class OrchestratorMetricsRegistration
{
    /// <summary>Adds the meter factory and <see cref="OrchestratorMetrics"/> unless already added.</summary>
    public static IServiceCollection AddOrchestratorMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<OrchestratorMetrics>();
        return services;
    }
}

/// <summary>
/// The orchestrator's metrics (meter <see cref="OrchestratorTelemetry.Name"/>). Counters are recorded as
/// things happen, after their commit; gauges are read from the database when the exporter collects, by a
/// few grouped queries whose answer is kept for <see cref="SnapshotLifetime"/>. Tags are the partnership,
/// state, event, rule and kind only.
/// </summary>
public sealed class OrchestratorMetrics : IDisposable
{
    /// <summary>How long one reading of the database serves the gauges.</summary>
    public static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(15);

    private readonly Meter meter;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private Snapshot? snapshot;

    private readonly Counter<long> transitions;
    private readonly Counter<long> rejections;
    private readonly Counter<long> reminders;
    private readonly Counter<long> breaches;
    private readonly Histogram<double> pumpLag;
    private readonly Counter<long> published;

    /// <summary>Creates the instruments.</summary>
    public OrchestratorMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.scopes = scopes;
        this.time = time;
        meter = meters.Create(OrchestratorTelemetry.Name);
        transitions = meter.CreateCounter<long>("cspr.review.transitions", "{transition}",
            "Events applied to reviews, by partnership, event and the state they led to.");
        rejections = meter.CreateCounter<long>("cspr.review.rejections", "{event}",
            "Events reviews refused, by partnership, event and the state that refused them.");
        reminders = meter.CreateCounter<long>("cspr.deadline.approaching", "{deadline}",
            "Deadline reminders fired by the pump, by partnership and rule.");
        breaches = meter.CreateCounter<long>("cspr.deadline.missed", "{deadline}",
            "Deadline breaches fired by the pump, by partnership and rule.");
        pumpLag = meter.CreateHistogram<double>("cspr.deadline_pump.lag", "s",
            "From the moment a deadline's reminder or breach became due to the pump firing it, by kind (approaching, missed).");
        published = meter.CreateCounter<long>("cspr.outbox.published", "{message}",
            "Messages the relay published from the outbox, by kind (contract name).");
        meter.CreateObservableGauge("cspr.reviews", () => Read().Reviews, "{review}",
            "Reviews by partnership and state.");
        meter.CreateObservableGauge("cspr.deadlines.approaching", () => Read().Approaching, "{deadline}",
            "Open deadlines whose reminder has fired and whose due date has not passed, by partnership.");
        meter.CreateObservableGauge("cspr.deadlines.missed", () => Read().Missed, "{deadline}",
            "Deadlines missed and not yet met, by partnership.");
        meter.CreateObservableGauge("cspr.deadline.next_breach", () => Read().NextBreach, "{working_day}",
            "Working days from today (London) to the earliest open statutory due date, by partnership; negative when it has passed.");
        meter.CreateObservableGauge("cspr.outbox.lag", () => Read().OutboxLag, "s",
            "Age of the oldest message waiting in the outbox; 0 when none waits.");
    }

    /// <summary>Counts a committed transition: applied or rejected.</summary>
    public void Transition(string partnership, string eventName, string state, bool applied) =>
        (applied ? transitions : rejections).Add(1,
            new KeyValuePair<string, object?>(PartnershipTag, partnership),
            new KeyValuePair<string, object?>(EventTag, eventName),
            new KeyValuePair<string, object?>(StateTag, state));

    /// <summary>Counts a committed firing and how long after its moment it came.</summary>
    public void Fired(string partnership, string rule, bool missed, TimeSpan lag)
    {
        (missed ? breaches : reminders).Add(1,
            new KeyValuePair<string, object?>(PartnershipTag, partnership),
            new KeyValuePair<string, object?>(RuleTag, rule));
        pumpLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>(KindTag, missed ? "missed" : "approaching"));
    }

    /// <summary>Counts a message the relay published.</summary>
    public void Published(string contract) => published.Add(1, new KeyValuePair<string, object?>(KindTag, contract));

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();

    private Snapshot Read()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (snapshot is null || now - snapshot.TakenAt >= SnapshotLifetime || now < snapshot.TakenAt)
            {
                snapshot = Take(now);
            }

            return snapshot;
        }
    }

    // Observable instruments are read synchronously by the exporter; a failure gives no measurements rather than an exception.
    private Snapshot Take(DateTimeOffset now)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            var calendar = scope.ServiceProvider.GetRequiredService<WorkingDayCalendar>();
            var today = LondonTime.DateAt(now);
            var reviews = database.Reviews.AsNoTracking().IgnoreAutoIncludes()
                .GroupBy(r => new { r.Partnership, r.CurrentState })
                .Select(g => new { g.Key.Partnership, g.Key.CurrentState, Count = g.Count() })
                .ToList()
                .ConvertAll(g => new Measurement<long>(g.Count, Tag(PartnershipTag, g.Partnership), Tag(StateTag, g.CurrentState)));
            var open = database.Deadlines.AsNoTracking()
                .Where(d => d.Status == DeadlineStatus.Open)
                .GroupBy(d => d.Partnership)
                .Select(g => new { Partnership = g.Key, Earliest = g.Min(d => d.DueOn) })
                .ToList();
            var approaching = database.Deadlines.AsNoTracking()
                .Where(d => d.Status == DeadlineStatus.Open && d.ApproachingFiredAt != null && d.DueOn >= today)
                .GroupBy(d => d.Partnership)
                .Select(g => new { Partnership = g.Key, Count = g.Count() })
                .ToList();
            var missed = database.Deadlines.AsNoTracking()
                .Where(d => d.Status == DeadlineStatus.Missed && d.MetOn == null)
                .GroupBy(d => d.Partnership)
                .Select(g => new { Partnership = g.Key, Count = g.Count() })
                .ToList();
            var oldestWaiting = database.Outbox.AsNoTracking().Where(o => o.SentAt == null)
                .OrderBy(o => o.Sequence).Select(o => (DateTimeOffset?)o.CreatedAt).FirstOrDefault();
            return new Snapshot(
                now,
                reviews,
                approaching.ConvertAll(a => new Measurement<long>(a.Count, Tag(PartnershipTag, a.Partnership))),
                missed.ConvertAll(m => new Measurement<long>(m.Count, Tag(PartnershipTag, m.Partnership))),
                open.ConvertAll(o => new Measurement<long>(calendar.WorkingDaysBetween(today, o.Earliest), Tag(PartnershipTag, o.Partnership))),
                [new Measurement<double>(oldestWaiting is { } created ? Math.Max(0, (now - created).TotalSeconds) : 0)]);
        }
        catch (Exception error) when (error is InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
        {
            return new Snapshot(now, [], [], [], [], []);
        }
    }

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    private sealed record Snapshot(
        DateTimeOffset TakenAt,
        List<Measurement<long>> Reviews,
        List<Measurement<long>> Approaching,
        List<Measurement<long>> Missed,
        List<Measurement<long>> NextBreach,
        List<Measurement<double>> OutboxLag);
}
