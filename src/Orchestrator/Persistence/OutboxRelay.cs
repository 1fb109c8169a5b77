using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Orchestration.Infrastructure;
using Orchestration.Infrastructure.Telemetry;
using Orchestration.Orchestrator.Telemetry;

namespace Orchestration.Orchestrator.Persistence;

/// <summary>How the outbox relay and the inbox behave.</summary>
public sealed class OutboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Outbox";

    /// <summary>How often the relay looks for waiting messages when nothing has told it to.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many messages the relay takes per round.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long sent outbox rows and inbox rows are kept (a redelivery older than this is not recognised).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often retention is applied.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// On the embedded in-memory transport, "published" only means "in this process's memory": at start the
    /// relay sends again what it sent within this window that an in-process consumer never recorded in its
    /// inbox (the process died first). Consumers' inboxes make the second copy harmless.
    /// </summary>
    public bool RecoverUnconsumedOnStart { get; set; } = true;

    /// <summary>How far back the recovery at start looks.</summary>
    public TimeSpan RecoveryWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// On a broker, a command (to the workers) counts as sent only when the broker routed it to a queue: before the
    /// workers have ever started, their queue does not exist, and the relay holds the commands until it does
    /// rather than lose them. True on RabbitMQ unless configured.
    /// </summary>
    public bool CommandsMustBeRouted { get; set; }
}

/// <summary>The in-process consumers that keep an inbox, and which contracts each consumes.</summary>
public sealed class InboxConsumers
{
    private readonly List<(string Consumer, Func<Type, bool> Consumes)> consumers = [];

    /// <summary>Registers a consumer's inbox name and the contracts it consumes.</summary>
    public InboxConsumers Add(string consumer, Func<Type, bool> consumes)
    {
        consumers.Add((consumer, consumes));
        return this;
    }

    /// <summary>The inbox names of the consumers of <paramref name="contract"/>.</summary>
    public IReadOnlyList<string> Of(Type contract) => [.. consumers.Where(c => c.Consumes(contract)).Select(c => c.Consumer)];
}

/// <summary>Wakes the relay when a transaction that wrote outbox rows has committed.</summary>
public sealed class OutboxSignal : WakeSignal;

/// <summary>Notifies the relay after any SaveChanges that added outbox rows.</summary>
public sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor
{
    /// <inheritdoc />
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && AddsOutboxMessages(context.ChangeTracker))
        {
            context.SavedChanges += NotifyOnce;
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    // An added row is known as added without detecting changes, which SaveChanges does next anyway (and which
    // costs the saga's JSON columns a comparison each).
    private static bool AddsOutboxMessages(ChangeTracker tracker)
    {
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return tracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }

    private void NotifyOnce(object? sender, SavedChangesEventArgs e)
    {
        if (sender is DbContext context)
        {
            context.SavedChanges -= NotifyOnce;
        }

        signal.Notify();
    }
}

/// <summary>
/// Publishes what committed transitions owe, in order, each with its own stored message id, then marks it
/// sent. At least once by construction (a crash between publishing and marking publishes again with the
/// same id); exactly once in effect because every consumer keeps an inbox of message ids. On PostgreSQL,
/// where several instances share the outbox, each round first claims its rows by locking them, so each
/// message is published by one instance.
/// </summary>
public sealed partial class OutboxRelay(
    IServiceScopeFactory scopes, IBus bus, OutboxSignal signal, IOptions<OutboxOptions> options, TimeProvider time, InboxConsumers inboxes,
    OrchestratorMetrics metrics, ILogger<OutboxRelay> logger)
    : BackgroundService
{
    // One round at a time in this process: on SQLite rows are read unclaimed, so two rounds would both send them.
    private readonly SemaphoreSlim round = new(1, 1);

    /// <inheritdoc />
    public override void Dispose()
    {
        round.Dispose();
        base.Dispose();
    }

    /// <summary>Sends what is waiting now; returns how many messages went.</summary>
    public async Task<int> RelayOnce(CancellationToken cancellationToken)
    {
        await round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RelayWaiting(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            round.Release();
        }
    }

    private async Task<int> RelayWaiting(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            return database.Database.IsNpgsql()
                ? await RelayClaimed(database, cancellationToken).ConfigureAwait(false)
                : await RelayUnclaimed(database, cancellationToken).ConfigureAwait(false);
        }
    }

    // SQLite: one process writes the file, and the semaphore keeps its rounds apart, so the rows are read unclaimed.
    private async Task<int> RelayUnclaimed(ReviewsDbContext database, CancellationToken cancellationToken)
    {
        var waiting = await database.Outbox.Where(o => o.SentAt == null).OrderBy(o => o.Sequence)
            .Take(options.Value.BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in waiting)
        {
            var published = await Publish(row, cancellationToken).ConfigureAwait(false);

            // One row at a time: a crash now re-sends at most this one message.
            await database.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            if (!published)
            {
                break;
            }
        }

        return waiting.Count(o => o.SentAt is not null);
    }

    /// <summary>
    /// PostgreSQL, where several instances share the outbox: the batch is claimed by locking its rows
    /// (<c>FOR UPDATE SKIP LOCKED</c>, in order) in a transaction that also marks them sent, so another
    /// instance's round skips them and each row is published by one instance. A crash before the commit
    /// publishes the batch again, each message with its own id.
    /// </summary>
    private async Task<int> RelayClaimed(ReviewsDbContext database, CancellationToken cancellationToken)
    {
        var transaction = await database.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var waiting = await database.Outbox
                .FromSql($"""SELECT * FROM outbox WHERE "SentAt" IS NULL ORDER BY "Sequence" LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED""")
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in waiting)
            {
                if (!await Publish(row, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            await database.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return waiting.Count(o => o.SentAt is not null);
        }
    }

    private static bool IsCommand(Type contract) =>
        contract == typeof(Contracts.SendStatutoryNotification) || contract == typeof(Contracts.SubmitToNspccRepository)
        || contract == typeof(Contracts.RetryStatutoryNotification) || contract == typeof(Contracts.EraseDeliveryPersonalData);

    // Publishes one row with its stored id and marks it sent, or records why not; the caller saves.
    // The publication continues the trace of the span that wrote the row, so the consumers' spans (MassTransit
    // carries the context in the message's headers) join the transition's or the firing's trace.
    private async Task<bool> Publish(OutboxMessage row, CancellationToken cancellationToken)
    {
        row.Attempts++;
        using var span = OrchestratorTelemetry.Source.StartContinuing(
            OrchestratorTelemetry.OutboxPublishSpan, ActivityKind.Producer, StoredTraceContext.Parse(row.TraceParent, row.TraceState));
        if (span is not null)
        {
            span.SetTag(TelemetryAttributes.MessageType, OutboxMessage.ContractNamed(row.MessageType)?.Name ?? row.MessageType);
            span.SetTag(TelemetryAttributes.MessageId, row.MessageId.ToString());
            if (row.ReviewId is { } reviewId)
            {
                span.SetTag(TelemetryAttributes.ReviewId, reviewId.ToString());
            }
        }

        try
        {
            var message = row.Read();
            var messageId = row.MessageId;
            var mustRoute = options.Value.CommandsMustBeRouted && IsCommand(row.ContractType());
            await bus.Publish(message, row.ContractType(), Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = messageId;
                context.Mandatory = mustRoute;
            }), cancellationToken).ConfigureAwait(false);
            row.SentAt = time.GetUtcNow();
            row.LastError = null;
            metrics.Published(row.ContractType().Name);
            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            row.LastError = error.GetType().Name;
            LogPublishFailed(logger, row.MessageId, row.MessageType, error.GetType().Name);
            return false;
        }
    }

    /// <summary>
    /// Marks unsent again every message sent within the recovery window that one of its in-process consumers
    /// has not recorded as processed; returns how many. Run at start, before the first round.
    /// </summary>
    public async Task<int> RecoverUnconsumed(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            var since = time.GetUtcNow() - options.Value.RecoveryWindow;
            var sent = await database.Outbox.Where(o => o.SentAt != null && o.SentAt >= since)
                .Select(o => new { o.Sequence, o.MessageId, o.MessageType }).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (sent.Count == 0)
            {
                return 0;
            }

            var ids = sent.Select(o => o.MessageId).ToList();
            var processed = (await database.Inbox.Where(i => ids.Contains(i.MessageId)).Select(i => new { i.Consumer, i.MessageId })
                .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(i => (i.Consumer, i.MessageId)).ToHashSet();
            var lost = sent
                .Where(o => OutboxMessage.ContractNamed(o.MessageType) is { } type
                    && inboxes.Of(type).Any(consumer => !processed.Contains((consumer, o.MessageId))))
                .Select(o => o.Sequence)
                .ToList();
            foreach (var chunk in lost.Chunk(500))
            {
                await database.Outbox.Where(o => chunk.Contains(o.Sequence))
                    .ExecuteUpdateAsync(set => set.SetProperty(o => o.SentAt, (DateTimeOffset?)null), cancellationToken).ConfigureAwait(false);
            }

            if (lost.Count > 0)
            {
                LogRecovered(logger, lost.Count);
            }

            return lost.Count;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RecoverUnconsumedOnStart)
        {
            try
            {
                await RecoverUnconsumed(stoppingToken).ConfigureAwait(false);
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
                var sent = await RelayOnce(stoppingToken).ConfigureAwait(false);
                if (sent == options.Value.BatchSize)
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
                await signal.Wait(options.Value.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({MessageType}) could not be published ({Error}); it stays waiting.")]
    private static partial void LogPublishFailed(ILogger logger, Guid messageId, string messageType, string error);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Count} message(s) sent before the last stop were never processed by their consumers; sending them again.")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "An outbox relay round failed ({Error}); retrying.")]
    private static partial void LogRoundFailed(ILogger logger, string error);
}

/// <summary>Removes sent outbox rows and inbox rows older than the retention.</summary>
public sealed partial class OutboxCleanup(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxCleanup> logger)
    : BackgroundService
{
    /// <summary>Applies the retention once; returns the rows removed.</summary>
    public async Task<int> CleanOnce(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            var before = time.GetUtcNow() - options.Value.Retention;
            var outbox = await database.Outbox.Where(o => o.SentAt != null && o.SentAt < before).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            var inbox = await database.Inbox.Where(i => i.ReceivedAt < before).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            return outbox + inbox;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        do
        {
            try
            {
                await CleanOnce(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogCleanupFailed(logger, error.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Outbox and inbox retention failed ({Error}); retrying later.")]
    private static partial void LogCleanupFailed(ILogger logger, string error);
}
