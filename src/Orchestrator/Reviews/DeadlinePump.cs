using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Telemetry;
using static Orchestration.Infrastructure.Telemetry.TelemetryAttributes;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>How deadlines remind and fire (configuration section <c>Deadlines</c>).</summary>
public sealed class DeadlineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Deadlines";

    /// <summary>How many working days before a due date the business unit is reminded.</summary>
    public int ReminderLeadWorkingDays { get; set; } = 2;

    /// <summary>The lead for particular partnerships, by profile name.</summary>
    public Dictionary<string, int> ReminderLeadByProfile { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether the pump runs on its own (tests and scripted simulations drive it instead).</summary>
    public bool PumpEnabled { get; set; } = true;

    /// <summary>How often the pump looks for deadlines to fire.</summary>
    public TimeSpan PumpInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A firing more than this after its moment (after downtime) is marked late.</summary>
    public TimeSpan LateAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many deadlines one pump transaction fires at most.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The reminder lead for a partnership.</summary>
    public int LeadFor(string partnership) =>
        ReminderLeadByProfile.TryGetValue(partnership, out var lead) ? lead : ReminderLeadWorkingDays;
}

/// <summary>What one pump pass fired.</summary>
public sealed record PumpResult(int Approaching, int Missed);

/// <summary>
/// Fires the clock's events from the deadline ledger, independent of the transport: no timers that die
/// with the process, no delayed exchange. Each pass finds, by index, the open deadlines whose reminder day
/// has come and those whose due date has passed (the day after it, London time), marks each fired with a
/// conditional update and writes the event to the outbox in the same transaction, so each fires exactly
/// once, a deadline met or cancelled first never fires, and one due during downtime fires on the first
/// pass after it, marked late. The review saga reacts to the events.
/// </summary>
public sealed partial class DeadlinePump(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<DeadlineOptions> options, OutboxSignal signal, OrchestratorMetrics metrics, ILogger<DeadlinePump> logger)
    : BackgroundService
{
    private long lastCompletedTicks = -1;

    /// <summary>When the last pass completed without failing (the pump's clock); null before the first.</summary>
    public DateTimeOffset? LastCompletedPass
    {
        get
        {
            var ticks = Interlocked.Read(ref lastCompletedTicks);
            return ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Fires everything due now; returns what fired. Each pass is a <c>deadline_pump.tick</c> span.</summary>
    public async Task<PumpResult> PumpOnce(CancellationToken cancellationToken)
    {
        using var tick = OrchestratorTelemetry.Source.StartActivity(OrchestratorTelemetry.PumpTickSpan, ActivityKind.Internal);
        var approaching = 0;
        var missed = 0;
        int fired;
        try
        {
            do
            {
                var (a, m) = await FireBatch(cancellationToken).ConfigureAwait(false);
                approaching += a;
                missed += m;
                fired = a + m;
            }
            while (fired > 0 && !cancellationToken.IsCancellationRequested);
        }
        catch (Exception error)
        {
            tick?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            throw;
        }

        tick?.SetTag("cspr.deadline_pump.approaching", approaching);
        tick?.SetTag("cspr.deadline_pump.missed", missed);
        Interlocked.Exchange(ref lastCompletedTicks, time.GetUtcNow().UtcTicks);
        return new PumpResult(approaching, missed);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.PumpEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PumpInterval);
        do
        {
            try
            {
                var result = await PumpOnce(stoppingToken).ConfigureAwait(false);
                if (result.Approaching + result.Missed > 0)
                {
                    LogFired(logger, result.Approaching, result.Missed);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogPassFailed(logger, error.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The event id of a deadline's firing: the same on every attempt, so the review applies it once. A reminder
    /// re-armed after its due date moved (<see cref="DeadlineRecord.ApproachingKind"/>) is another firing.
    /// </summary>
    public static Guid FiringId(Guid deadlineId, string kind)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{deadlineId:N}:{kind}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    private async Task<(int Approaching, int Missed)> FireBatch(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            var fired = database.Database.IsNpgsql()
                ? await FireClaimed(database, now, cancellationToken).ConfigureAwait(false)
                : await FireUnclaimed(database, now, cancellationToken).ConfigureAwait(false);
            if (fired.Count > 0)
            {
                signal.Notify();
            }

            // Counted once committed.
            foreach (var firing in fired)
            {
                metrics.Fired(firing.Partnership, firing.Rule, firing.Missed, firing.Lag);
            }

            return (fired.Count(f => !f.Missed), fired.Count(f => f.Missed));
        }
    }

    // SQLite: the due deadlines are read, then each is marked by a conditional update in one transaction; a
    // second pump's update of the same deadline changes nothing, so it fires once.
    private async Task<List<Firing>> FireUnclaimed(ReviewsDbContext database, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = LondonTime.DateAt(now);
        var batch = options.Value.BatchSize;
        var missed = (await database.Deadlines.AsNoTracking()
                .Where(d => d.Status == DeadlineStatus.Open && d.DueOn < today && d.MissedFiredAt == null)
                .OrderBy(d => d.DueOn).Take(batch)
                .Select(d => new { d.Id, d.ReviewId, d.Partnership, d.Rule, d.DueOn })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ConvertAll(d => new DueDeadline(d.Id, d.ReviewId, d.Partnership, d.Rule, d.DueOn, null, null));
        var approaching = (await database.Deadlines.AsNoTracking()
                .Where(d => d.Status == DeadlineStatus.Open && d.ApproachingOn <= today && d.DueOn >= today && d.ApproachingFiredAt == null)
                .OrderBy(d => d.ApproachingOn).Take(batch)
                .Select(d => new { d.Id, d.ReviewId, d.Partnership, d.Rule, d.DueOn, ApproachingOn = d.ApproachingOn!.Value, d.RecountedOn })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ConvertAll(d => new DueDeadline(d.Id, d.ReviewId, d.Partnership, d.Rule, d.DueOn, d.ApproachingOn, d.RecountedOn));
        if (missed.Count == 0 && approaching.Count == 0)
        {
            return [];
        }

        var transaction = await database.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var fired = await Fire(database, approaching, missed, now, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return fired;
        }
    }

    /// <summary>
    /// PostgreSQL, where several instances' pumps share the ledger: the due deadlines are claimed by locking
    /// their rows (<c>FOR UPDATE SKIP LOCKED</c>) in the transaction that marks them and writes their events, so
    /// a second pump skips them instead of waiting for them (and never deadlocks with the first).
    /// </summary>
    private async Task<List<Firing>> FireClaimed(ReviewsDbContext database, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = LondonTime.DateAt(now);
        var batch = options.Value.BatchSize;
        var open = nameof(DeadlineStatus.Open);
        var transaction = await database.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var missed = await database.Deadlines
                .FromSql($"""
                    SELECT * FROM deadlines WHERE "Status" = {open} AND "DueOn" < {today} AND "MissedFiredAt" IS NULL
                    ORDER BY "DueOn", "Id" LIMIT {batch} FOR UPDATE SKIP LOCKED
                    """)
                .AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var approaching = await database.Deadlines
                .FromSql($"""
                    SELECT * FROM deadlines WHERE "Status" = {open} AND "ApproachingOn" <= {today} AND "DueOn" >= {today} AND "ApproachingFiredAt" IS NULL
                    ORDER BY "ApproachingOn", "Id" LIMIT {batch} FOR UPDATE SKIP LOCKED
                    """)
                .AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            if (missed.Count == 0 && approaching.Count == 0)
            {
                return [];
            }

            var fired = await Fire(
                database,
                approaching.ConvertAll(d => new DueDeadline(d.Id, d.ReviewId, d.Partnership, d.Rule, d.DueOn, d.ApproachingOn, d.RecountedOn)),
                missed.ConvertAll(d => new DueDeadline(d.Id, d.ReviewId, d.Partnership, d.Rule, d.DueOn, null, null)),
                now,
                cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return fired;
        }
    }

    // Marks each deadline fired by a conditional update and writes its event to the outbox, each in a
    // deadline.fire span that the event's publication (and the review's reaction) continues; the caller commits.
    private async Task<List<Firing>> Fire(
        ReviewsDbContext database, List<DueDeadline> approaching, List<DueDeadline> missed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = LondonTime.DateAt(now);
        var lateAfter = options.Value.LateAfter;
        var fired = new List<Firing>();
        foreach (var deadline in approaching)
        {
            using var span = StartFiring(deadline, "approaching");
            var marked = await database.Deadlines
                .Where(d => d.Id == deadline.Id && d.Status == DeadlineStatus.Open && d.ApproachingFiredAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.ApproachingFiredAt, now), cancellationToken).ConfigureAwait(false);
            if (marked == 1)
            {
                var lag = now - LondonTime.StartOfDayUtc(deadline.ApproachingOn!.Value);
                var late = lag > lateAfter;
                span?.SetTag(Late, late);
                database.Outbox.Add(OutboxMessage.For(
                    new DeadlineApproaching(deadline.ReviewId, today, deadline.Id, deadline.Rule, deadline.DueOn, late, FiringId(deadline.Id, DeadlineRecord.ApproachingKind(deadline.RecountedOn, deadline.DueOn))),
                    deadline.ReviewId, now));
                fired.Add(new Firing(deadline.Partnership, deadline.Rule, Missed: false, lag));
            }
            else
            {
                span?.SetTag(Outcome, "already fired");
            }
        }

        foreach (var deadline in missed)
        {
            using var span = StartFiring(deadline, "missed");
            var marked = await database.Deadlines
                .Where(d => d.Id == deadline.Id && d.Status == DeadlineStatus.Open && d.MissedFiredAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.MissedFiredAt, now), cancellationToken).ConfigureAwait(false);
            if (marked == 1)
            {
                var lag = now - LondonTime.EndOfDayUtc(deadline.DueOn);
                var late = lag > lateAfter;
                span?.SetTag(Late, late);
                database.Outbox.Add(OutboxMessage.For(
                    new DeadlineMissed(deadline.ReviewId, today, deadline.Id, deadline.Rule, deadline.DueOn, late, FiringId(deadline.Id, "missed")),
                    deadline.ReviewId, now));
                fired.Add(new Firing(deadline.Partnership, deadline.Rule, Missed: true, lag));
            }
            else
            {
                span?.SetTag(Outcome, "already fired");
            }
        }

        await database.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return fired;
    }

    private static Activity? StartFiring(DueDeadline deadline, string kind)
    {
        var span = OrchestratorTelemetry.Source.StartActivity(OrchestratorTelemetry.DeadlineFireSpan, ActivityKind.Internal);
        if (span is not null)
        {
            span.SetTag(ReviewId, deadline.ReviewId.ToString());
            span.SetTag(Partnership, deadline.Partnership);
            span.SetTag(Rule, deadline.Rule);
            span.SetTag(DeadlineId, deadline.Id.ToString());
            span.SetTag(FiringKind, kind);
        }

        return span;
    }

    // A firing committed: what the metrics count.
    private sealed record Firing(string Partnership, string Rule, bool Missed, TimeSpan Lag);

    // A deadline due to fire, as the pump reads it.
    private sealed record DueDeadline(Guid Id, Guid ReviewId, string Partnership, string Rule, DateOnly DueOn, DateOnly? ApproachingOn, DateOnly? RecountedOn);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Deadline pump fired {Approaching} reminder(s) and {Missed} breach(es).")]
    private static partial void LogFired(ILogger logger, int approaching, int missed);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "A deadline pump pass failed ({Error}); it runs again at the next interval.")]
    private static partial void LogPassFailed(ILogger logger, string error);
}
