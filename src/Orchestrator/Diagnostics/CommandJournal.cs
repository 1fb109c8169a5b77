using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Diagnostics;

/// <summary>
/// One command the orchestrator emitted, as a consumer received it. The journal is an operations
/// diagnostic (configuration <c>Diagnostics:CommandJournal</c>, off by default): on the embedded default,
/// before the workers run, it shows what the reviews asked to be sent; and it is how the crash tests prove
/// that every command arrives exactly once. It holds ids and keys only, no message content.
/// </summary>
public sealed class JournalEntry
{
    /// <summary>Arrival order.</summary>
    public long Sequence { get; set; }

    /// <summary>The transport message id (the outbox row's).</summary>
    public Guid MessageId { get; set; }

    /// <summary>The contract's name.</summary>
    public string MessageType { get; set; } = string.Empty;

    /// <summary>The review.</summary>
    public Guid ReviewId { get; set; }

    /// <summary>The command's idempotency key.</summary>
    public string IdempotencyKey { get; set; } = string.Empty;

    /// <summary>When it arrived.</summary>
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>Records each command once: the entry and the inbox row commit together, so a redelivery is ignored.</summary>
public sealed class CommandJournal(ReviewsDbContext database, TimeProvider time) :
    IConsumer<SendStatutoryNotification>,
    IConsumer<SubmitToNspccRepository>
{
    /// <summary>The journal's name in the inbox and its queue.</summary>
    public const string Consumer = "command-journal";

    /// <inheritdoc />
    public Task Consume(ConsumeContext<SendStatutoryNotification> context) =>
        Record(context, context?.Message.ReviewId ?? Guid.Empty, context?.Message.IdempotencyKey ?? string.Empty);

    /// <inheritdoc />
    public Task Consume(ConsumeContext<SubmitToNspccRepository> context) =>
        Record(context, context?.Message.ReviewId ?? Guid.Empty, context?.Message.IdempotencyKey ?? string.Empty);

    private async Task Record<T>(ConsumeContext<T> context, Guid reviewId, string idempotencyKey)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = context.MessageId ?? throw new InvalidOperationException("A command without a message id cannot be journalled once.");
        if (await database.Inbox.AnyAsync(i => i.Consumer == Consumer && i.MessageId == messageId, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var now = time.GetUtcNow();
        database.Add(new InboxMessage { Consumer = Consumer, MessageId = messageId, ReceivedAt = now });
        database.Add(new JournalEntry { MessageId = messageId, MessageType = typeof(T).Name, ReviewId = reviewId, IdempotencyKey = idempotencyKey, ReceivedAt = now });
        await database.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The journal's endpoint: retried, so a racing duplicate that loses on the inbox key stops at the check.</summary>
public sealed class CommandJournalDefinition : ConsumerDefinition<CommandJournal>
{
    /// <summary>Names the queue.</summary>
    public CommandJournalDefinition() => EndpointName = CommandJournal.Consumer;

    /// <inheritdoc />
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<CommandJournal> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<DbUpdateException>();
            retry.Intervals(10, 50, 100, 250, 500, 1000);
        });
    }
}
