using System.Diagnostics;
using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestration.Infrastructure.Telemetry;
using Orchestration.Workers.Email;
using Orchestration.Workers.Telemetry;
using static Orchestration.Infrastructure.Telemetry.TelemetryAttributes;

namespace Orchestration.Workers.Ledger;

/// <summary>
/// Works through the ledger: claims each delivery that is due (new, failed and past its backoff, or
/// claimed by an attempt that never finished), composes its message and hands it to the channel, then
/// records the outcome for the reporter, all through <see cref="DeliveryLifecycle"/>. Claims are
/// conditional on the row's version, so two dispatchers never attempt one delivery at once.
/// </summary>
public sealed partial class DeliveryDispatcher(
    IServiceScopeFactory scopes, IMailChannel channel, DeliverySignals signals, IOptionsMonitor<DeliveryOptions> options, TimeProvider time, WorkersMetrics metrics,
    ILogger<DeliveryDispatcher> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim round = new(1, 1);

    /// <inheritdoc />
    public override void Dispose()
    {
        round.Dispose();
        base.Dispose();
    }

    /// <summary>Attempts every delivery due now; returns how many attempts were made.</summary>
    public async Task<int> DispatchOnce(CancellationToken cancellationToken)
    {
        await round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var database = scope.ServiceProvider.GetRequiredService<WorkersDbContext>();
                var composer = scope.ServiceProvider.GetRequiredService<MessageComposer>();
                var now = time.GetUtcNow();
                var due = await Due(database, now).Take(options.CurrentValue.BatchSize).Select(d => d.Id)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                var attempts = 0;
                var stillDue = DueAt(now).Compile();
                foreach (var id in due)
                {
                    database.ChangeTracker.Clear();
                    if (await Attempt(database, composer, id, stillDue, cancellationToken).ConfigureAwait(false))
                    {
                        attempts++;
                    }
                }

                return attempts;
            }
        }
        finally
        {
            round.Release();
        }
    }

    /// <summary>The deliveries due for an attempt at <paramref name="now"/>, in ledger order.</summary>
    public static IQueryable<Delivery> Due(WorkersDbContext database, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Deliveries.Where(DueAt(now)).OrderBy(d => d.Id);
    }

    /// <summary>
    /// Due for an attempt: new, failed and past its backoff, or claimed by an attempt whose claim has lapsed
    /// (the process died mid-attempt).
    /// </summary>
    public static Expression<Func<Delivery, bool>> DueAt(DateTimeOffset now) =>
        d => d.State == DeliveryState.Pending
             || (d.State == DeliveryState.Failed && d.NextAttemptAt <= now)
             || ((d.State == DeliveryState.Sending || d.State == DeliveryState.Retrying) && d.ClaimedUntil < now);

    /// <summary>When the next delivery falls due, if any is waiting: the dispatcher sleeps until then at most.</summary>
    private async Task<DateTimeOffset?> NextDue(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var database = scope.ServiceProvider.GetRequiredService<WorkersDbContext>();
            return await database.Deliveries.Where(d => d.State == DeliveryState.Failed).MinAsync(d => d.NextAttemptAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> Attempt(WorkersDbContext database, MessageComposer composer, long id, Func<Delivery, bool> stillDue, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var delivery = await database.Deliveries.SingleAsync(d => d.Id == id, cancellationToken).ConfigureAwait(false);
        var lifecycle = new DeliveryLifecycle(delivery);
        var now = time.GetUtcNow();
        if (!stillDue(delivery))
        {
            return false;
        }

        // The attempt continues the trace of the consume that recorded the command (the transition's trace).
        using var span = WorkersTelemetry.Source.StartContinuing(
            WorkersTelemetry.AttemptSpan, ActivityKind.Internal, StoredTraceContext.Parse(delivery.TraceParent, delivery.TraceState));
        if (span is not null)
        {
            span.SetTag(ReviewId, delivery.ReviewId.ToString());
            span.SetTag(Partnership, delivery.Partnership);
            span.SetTag(NotificationKind, delivery.Kind);
            span.SetTag(RecipientRole, delivery.RecipientRole);
            span.SetTag(DeliveryId, delivery.Id);
            span.SetTag(TelemetryAttributes.Attempt, delivery.Attempts + 1);
            if (delivery.Rule is not null)
            {
                span.SetTag(Rule, delivery.Rule);
            }
        }

        // The claim: committed before anything is sent, so a crash mid-send leaves a claim that lapses.
        lifecycle.Fire(DeliveryTrigger.Attempt);
        delivery.Attempts++;
        delivery.ClaimedUntil = now + settings.ClaimTimeout;
        delivery.NextAttemptAt = null;
        delivery.Version++;
        try
        {
            await database.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            span?.SetTag(Outcome, "claimed elsewhere");
            return false;
        }

        var request = JsonSerializer.Deserialize<DeliveryRequest>(delivery.Command, DeliveryRequestConsumer.Json)
                      ?? throw new InvalidOperationException("a ledger row holds no request");
        var composition = await composer.Compose(request, cancellationToken).ConfigureAwait(false);
        var result = composition.Message is { } message
            ? await channel.Send(message, cancellationToken).ConfigureAwait(false)
            : new MailResult(false, composition.Permanent, composition.Problem);

        now = time.GetUtcNow();
        delivery.ClaimedUntil = null;
        delivery.Version++;
        if (result.Accepted)
        {
            lifecycle.Fire(DeliveryTrigger.Accepted);
            delivery.SentAt = now;
            delivery.LastError = null;
            delivery.OutcomeToReport = DeliveryOutcome.Sent;
        }
        else if (result.Permanent || delivery.Attempts >= settings.MaxAttempts)
        {
            lifecycle.Fire(DeliveryTrigger.FailedPermanently);
            delivery.LastError = Trim(result.Permanent ? result.Reason : $"{result.Reason}; gave up after {delivery.Attempts} attempts");
            delivery.OutcomeToReport = DeliveryOutcome.DeadLettered;
            LogDeadLettered(logger, delivery.Id, delivery.Kind, delivery.RecipientRole, delivery.LastError);
        }
        else
        {
            lifecycle.Fire(DeliveryTrigger.FailedTransiently);
            delivery.LastError = Trim(result.Reason);
            delivery.NextAttemptAt = now + settings.Backoff(delivery.Attempts);
            if (delivery.Attempts == 1)
            {
                // The review hears of the first failure (it is retrying); later ones only if it gives up.
                delivery.OutcomeToReport = DeliveryOutcome.Failing;
            }

            LogRetrying(logger, delivery.Id, delivery.Kind, delivery.RecipientRole, delivery.Attempts, delivery.LastError);
        }

        var attempted = delivery.State switch
        {
            DeliveryState.Sent => DeliveryAttemptOutcome.Sent,
            DeliveryState.DeadLettered => DeliveryAttemptOutcome.DeadLettered,
            _ => DeliveryAttemptOutcome.Failed,
        };
        span?.SetTag(Outcome, delivery.State.ToString());
        if (attempted != DeliveryAttemptOutcome.Sent)
        {
            span?.SetStatus(ActivityStatusCode.Error, attempted.ToString());
        }

        try
        {
            await database.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Our claim lapsed and another dispatcher took the delivery over; its outcome stands.
            LogClaimLost(logger, delivery.Id);
            return true;
        }

        metrics.Attempted(delivery.Partnership, delivery.Kind, attempted);

        signals.Report.Notify();
        return true;
    }

    private static string? Trim(string? reason) => reason is { Length: > 480 } ? reason[..480] : reason;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.DispatcherEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.CurrentValue.PollInterval;
            try
            {
                if (await DispatchOnce(stoppingToken).ConfigureAwait(false) >= options.CurrentValue.BatchSize)
                {
                    continue;
                }

                if (await NextDue(stoppingToken).ConfigureAwait(false) is { } next && next - time.GetUtcNow() < wait)
                {
                    wait = next - time.GetUtcNow();
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRoundFailed(logger, error.GetType().Name);
            }

            try
            {
                await signals.Dispatch.Wait(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(10), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({Kind} to {Recipient}) failed on attempt {Attempt}: {Reason}; it will be retried.")]
    private static partial void LogRetrying(ILogger logger, long deliveryId, string kind, string recipient, int attempt, string? reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Delivery {DeliveryId} ({Kind} to {Recipient}) is dead-lettered: {Reason}.")]
    private static partial void LogDeadLettered(ILogger logger, long deliveryId, string kind, string recipient, string? reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: the attempt outlived its claim and another dispatcher took it over.")]
    private static partial void LogClaimLost(ILogger logger, long deliveryId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "A dispatcher round failed ({Error}); retrying.")]
    private static partial void LogRoundFailed(ILogger logger, string error);
}
