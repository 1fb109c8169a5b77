using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Infrastructure.Telemetry;
using Orchestration.Workers.Telemetry;

namespace Orchestration.Workers.Ledger;

/// <summary>
/// Tells the review what became of each delivery (<see cref="StatutoryNotificationSent"/>,
/// <see cref="StatutoryNotificationFailed"/>), from the ledger: an outcome is recorded in the same commit as
/// the delivery's new state and reported afterwards, with an event id derived from the delivery and the
/// outcome, so a report made twice (a crash between publishing and marking) is applied once by the review.
/// </summary>
public sealed partial class OutcomeReporter(
    IServiceScopeFactory scopes, IBus bus, DeliverySignals signals, IOptionsMonitor<DeliveryOptions> options, TimeProvider time, ILogger<OutcomeReporter> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim round = new(1, 1);

    /// <summary>Whether to report again at start what was reported within the recovery window (the in-memory transport).</summary>
    public bool RecoverOnStart { get; init; }

    /// <inheritdoc />
    public override void Dispose()
    {
        round.Dispose();
        base.Dispose();
    }

    /// <summary>The event id of an outcome: the same however many times it is reported.</summary>
    public static Guid EventIdFor(string idempotencyKey, DeliveryOutcome outcome, int generation)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{idempotencyKey}|{outcome}|{generation}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>Reports every outcome waiting; returns how many.</summary>
    public async Task<int> ReportOnce(CancellationToken cancellationToken)
    {
        await round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var database = scope.ServiceProvider.GetRequiredService<WorkersDbContext>();
                if (!database.Database.IsNpgsql())
                {
                    // SQLite: one process writes the ledger, and the semaphore keeps its rounds apart.
                    var waiting = await database.Deliveries.AsNoTracking().Where(d => d.OutcomeToReport != null).OrderBy(d => d.Id)
                        .Take(options.CurrentValue.BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
                    return await Report(database, waiting, cancellationToken).ConfigureAwait(false);
                }

                // PostgreSQL, where several workers processes share the ledger: the rows are claimed (FOR UPDATE SKIP
                // LOCKED) so that each outcome is published by one of them.
                var transaction = await database.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var claimed = await database.Deliveries
                        .FromSql($"""SELECT * FROM deliveries WHERE "OutcomeToReport" IS NOT NULL ORDER BY "Id" LIMIT {options.CurrentValue.BatchSize} FOR UPDATE SKIP LOCKED""")
                        .AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
                    var reported = await Report(database, claimed, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return reported;
                }
            }
        }
        finally
        {
            round.Release();
        }
    }

    /// <summary>
    /// Publishes each outcome, then clears it only if it is still the one waiting. The row's version is left alone:
    /// it is the dispatcher's claim, and an attempt under way must still be able to record its result.
    /// </summary>
    private async Task<int> Report(WorkersDbContext database, List<Delivery> waiting, CancellationToken cancellationToken)
    {
        var reported = 0;
        foreach (var delivery in waiting)
        {
            var outcome = delivery.OutcomeToReport!.Value;
            using var span = WorkersTelemetry.Source.StartContinuing(
                WorkersTelemetry.ReportSpan, ActivityKind.Producer, StoredTraceContext.Parse(delivery.TraceParent, delivery.TraceState));
            if (span is not null)
            {
                span.SetTag(TelemetryAttributes.ReviewId, delivery.ReviewId.ToString());
                span.SetTag(TelemetryAttributes.Partnership, delivery.Partnership);
                span.SetTag(TelemetryAttributes.NotificationKind, delivery.Kind);
                span.SetTag(TelemetryAttributes.DeliveryId, delivery.Id);
                span.SetTag(TelemetryAttributes.Outcome, outcome.ToString());
            }

            var eventId = EventIdFor(delivery.IdempotencyKey, outcome, delivery.Generation);
            var on = LondonTime.DateAt(delivery.SentAt ?? time.GetUtcNow());
            object message = outcome == DeliveryOutcome.Sent
                ? new StatutoryNotificationSent(delivery.ReviewId, on, delivery.IdempotencyKey, delivery.Kind, delivery.RecipientRole, eventId)
                : new StatutoryNotificationFailed(delivery.ReviewId, on, delivery.IdempotencyKey, delivery.Kind, delivery.RecipientRole,
                    outcome == DeliveryOutcome.DeadLettered, delivery.LastError ?? "unknown", eventId);
            await bus.Publish(message, message.GetType(), Pipe.Execute<PublishContext>(context => context.MessageId = eventId), cancellationToken)
                .ConfigureAwait(false);

            // A newer outcome recorded meanwhile stays waiting and is reported next round.
            var now = time.GetUtcNow();
            reported += await database.Deliveries
                .Where(d => d.Id == delivery.Id && d.OutcomeToReport == outcome)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.OutcomeToReport, (DeliveryOutcome?)null)
                    .SetProperty(d => d.OutcomeReported, outcome)
                    .SetProperty(d => d.ReportedAt, now), cancellationToken).ConfigureAwait(false);
        }

        return reported;
    }

    /// <summary>
    /// Marks for reporting again every outcome reported within the recovery window: on the in-memory
    /// transport a report "published" just before a crash may never have reached the review. Returns how many.
    /// </summary>
    public async Task<int> RecoverReported(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var database = scope.ServiceProvider.GetRequiredService<WorkersDbContext>();
            var since = time.GetUtcNow() - options.CurrentValue.ReportRecoveryWindow;
            return await database.Deliveries
                .Where(d => d.OutcomeToReport == null && d.OutcomeReported != null && d.ReportedAt >= since)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.OutcomeToReport, d => d.OutcomeReported), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.DispatcherEnabled)
        {
            return;
        }

        if (RecoverOnStart)
        {
            try
            {
                await RecoverReported(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRoundFailed(logger, error.GetType().Name);
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ReportOnce(stoppingToken).ConfigureAwait(false) >= options.CurrentValue.BatchSize)
                {
                    continue;
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRoundFailed(logger, error.GetType().Name);
            }

            try
            {
                await signals.Report.Wait(options.CurrentValue.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "A delivery report round failed ({Error}); retrying.")]
    private static partial void LogRoundFailed(ILogger logger, string error);
}
