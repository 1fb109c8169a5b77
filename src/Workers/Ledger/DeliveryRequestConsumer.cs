using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Infrastructure;
using Orchestration.Infrastructure.Telemetry;
using Orchestration.Workers.Email;
using Orchestration.Workers.Telemetry;
using static Orchestration.Infrastructure.Telemetry.TelemetryAttributes;

namespace Orchestration.Workers.Ledger;

/// <summary>A command the ledger cannot accept; it goes to the error queue and changes nothing.</summary>
public sealed class InvalidDeliveryRequestException(string message) : Exception(message);

/// <summary>
/// Takes the orchestrator's commands into the ledger: one row per idempotency key. A command that comes
/// again (a redelivery, the relay's recovery after a crash) finds its row and adds nothing, so nothing is
/// sent twice; sending happens later, in the <see cref="DeliveryDispatcher"/>.
/// </summary>
/// <remarks>
/// A retry the review asked for (<see cref="RetryStatutoryNotification"/>) puts a failed or dead-lettered row back in
/// the queue through its lifecycle's requeue, with a fresh set of attempts; it is applied once per retry number (the
/// row's <see cref="Delivery.Generation"/>), so a repeated command changes nothing. A row that is pending, under way
/// or sent is left alone: its outcome reaches the review anyway.
/// </remarks>
public sealed partial class DeliveryRequestConsumer(WorkersDbContext database, TimeProvider time, DeliverySignals signals, ILogger<DeliveryRequestConsumer> logger)
    : IConsumer<SendStatutoryNotification>, IConsumer<SubmitToNspccRepository>, IConsumer<RetryStatutoryNotification>, IConsumer<EraseDeliveryPersonalData>
{
    /// <summary>What an erased fact or address holds.</summary>
    public const string ErasedMarker = "[erased]";

    /// <summary>The workers' queue for commands.</summary>
    public const string Endpoint = "notifications";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<SendStatutoryNotification> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Record(DeliveryRequest.From(context.Message), context.CancellationToken);
    }

    /// <inheritdoc />
    public Task Consume(ConsumeContext<SubmitToNspccRepository> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Record(DeliveryRequest.From(context.Message), context.CancellationToken);
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RetryStatutoryNotification> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = context.Message;
        if (string.IsNullOrWhiteSpace(command.IdempotencyKey) || command.IdempotencyKey.Length > 400 || command.Retry < 1)
        {
            throw new InvalidDeliveryRequestException("the retry is invalid: it needs the notification's idempotency key and a retry number of 1 or more");
        }

        var delivery = await database.Deliveries.SingleOrDefaultAsync(d => d.IdempotencyKey == command.IdempotencyKey, context.CancellationToken)
            .ConfigureAwait(false);
        if (delivery is null)
        {
            LogRetryOfUnknown(logger, command.ReviewId, command.Retry);
            return;
        }

        if (delivery.Generation >= command.Retry)
        {
            return;
        }

        var lifecycle = new DeliveryLifecycle(delivery);
        if (!lifecycle.CanFire(DeliveryTrigger.Requeue))
        {
            LogRetryIgnored(logger, delivery.Id, command.Retry, delivery.State);
            return;
        }

        lifecycle.Fire(DeliveryTrigger.Requeue);
        delivery.Generation = command.Retry;
        delivery.Attempts = 0;
        delivery.NextAttemptAt = null;
        delivery.ClaimedUntil = null;

        // The outcome not yet reported belongs to the attempts before the retry; the retry's own outcome supersedes it.
        delivery.OutcomeToReport = null;
        await database.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
        LogRequeued(logger, delivery.Id, command.Retry);
        signals.Dispatch.Notify();
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<EraseDeliveryPersonalData> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reviewId = context.Message.ReviewId;
        var finished = await database.Deliveries
            .Where(d => d.ReviewId == reviewId && (d.State == DeliveryState.Sent || d.State == DeliveryState.DeadLettered))
            .ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var erased = 0;
        foreach (var delivery in finished)
        {
            var request = JsonSerializer.Deserialize<DeliveryRequest>(delivery.Command, Json);
            if (request is null || (request.RecipientAddress is null && request.Facts.Values.All(v => v == ErasedMarker)))
            {
                continue;
            }

            delivery.Command = JsonSerializer.Serialize(
                request with { Facts = request.Facts.ToDictionary(f => f.Key, _ => ErasedMarker, StringComparer.Ordinal), RecipientAddress = null }, Json);
            delivery.LastError = delivery.LastError is null ? null : ErasedMarker;
            erased++;
        }

        await database.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
        LogErased(logger, reviewId, erased, finished.Count);
    }

    private async Task Record(DeliveryRequest request, CancellationToken cancellationToken)
    {
        using var span = WorkersTelemetry.Source.StartActivity(WorkersTelemetry.RecordSpan, ActivityKind.Internal);
        if (span is not null)
        {
            span.SetTag(ReviewId, request.ReviewId.ToString());
            span.SetTag(Partnership, request.Partnership);
            span.SetTag(NotificationKind, request.Kind);
            span.SetTag(RecipientRole, request.RecipientRole);
            if (request.Rule is not null)
            {
                span.SetTag(Rule, request.Rule);
            }
        }

        Validate(request);
        if (await database.Deliveries.AnyAsync(d => d.IdempotencyKey == request.IdempotencyKey, cancellationToken).ConfigureAwait(false))
        {
            span?.SetTag(Outcome, "already recorded");
            return;
        }

        // This span: the dispatcher's attempts, later and elsewhere, continue its trace.
        var trace = StoredTraceContext.Current();
        database.Deliveries.Add(new Delivery
        {
            IdempotencyKey = request.IdempotencyKey,
            ReviewId = request.ReviewId,
            Partnership = request.Partnership,
            Kind = request.Kind,
            RecipientRole = request.RecipientRole,
            Rule = request.Rule,
            DueOn = request.DueOn,
            Command = JsonSerializer.Serialize(request, Json),
            State = DeliveryState.Pending,
            ReceivedAt = time.GetUtcNow(),
            MessageId = MessageComposer.MessageIdFor(request.IdempotencyKey),
            TraceParent = trace?.TraceParent,
            TraceState = trace?.TraceState,
        });
        try
        {
            await database.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // A concurrent copy of the same command may have got there first: then it is recorded once.
            if (!await Recorded(request.IdempotencyKey, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }

            return;
        }

        signals.Dispatch.Notify();
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Retry {Retry} of review {ReviewId} names a notification the ledger does not hold; nothing to retry.")]
    private static partial void LogRetryOfUnknown(ILogger logger, Guid reviewId, int retry);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Retry {Retry} of delivery {DeliveryId} left alone: it is {State}, so its outcome will be reported anyway.")]
    private static partial void LogRetryIgnored(ILogger logger, long deliveryId, int retry, DeliveryState state);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "Delivery {DeliveryId} requeued for retry {Retry}.")]
    private static partial void LogRequeued(ILogger logger, long deliveryId, int retry);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Information, Message = "Personal data of review {ReviewId} erased from {Erased} of its {Finished} finished deliveries.")]
    private static partial void LogErased(ILogger logger, Guid reviewId, int erased, int finished);

    private async Task<bool> Recorded(string key, CancellationToken cancellationToken)
    {
        database.ChangeTracker.Clear();
        return await database.Deliveries.AnyAsync(d => d.IdempotencyKey == key, cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(DeliveryRequest request)
    {
        var problems = new List<string>();
        if (request.ReviewId == Guid.Empty)
        {
            problems.Add("reviewId is empty");
        }

        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > 400)
        {
            problems.Add("idempotencyKey must have 1 to 400 characters");
        }

        if (!TemplateLibrary.IsName(request.Kind))
        {
            problems.Add("notificationKind is not a notification kind's name");
        }

        if (!TemplateLibrary.IsName(request.RecipientRole))
        {
            problems.Add("recipientRole is not a recipient role's name");
        }

        if (!TemplateLibrary.IsName(request.Partnership))
        {
            problems.Add("partnership is not a profile's name");
        }

        if (request.Attachments.Any(a => a.Sha256.Length != 64 || !a.Sha256.All(char.IsAsciiHexDigitLower)))
        {
            problems.Add("an attachment is not named by its SHA-256");
        }

        if (problems.Count > 0)
        {
            throw new InvalidDeliveryRequestException("the delivery request is invalid: " + string.Join("; ", problems));
        }
    }
}

/// <summary>The wake-ups of the dispatcher (a command was recorded) and of the reporter (an outcome was).</summary>
public sealed class DeliverySignals : IDisposable
{
    /// <summary>Wakes the dispatcher.</summary>
    public WakeSignal Dispatch { get; } = new();

    /// <summary>Wakes the reporter.</summary>
    public WakeSignal Report { get; } = new();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispatch.Dispose();
        Report.Dispose();
    }
}
