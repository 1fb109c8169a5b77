using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestration.Contracts;
using Orchestration.Infrastructure.Telemetry;

namespace Orchestration.Orchestrator.Persistence;

/// <summary>
/// A message a transition (or the deadline pump) has to publish, written in the same transaction as the
/// change that owes it. The relay publishes it with <see cref="MessageId"/> as its message id and marks it
/// sent; a crash between the two publishes it again with the same id, which consumers' inboxes ignore.
/// </summary>
public sealed class OutboxMessage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Publication order.</summary>
    public long Sequence { get; set; }

    /// <summary>The message id it is published with, the same on every attempt.</summary>
    public Guid MessageId { get; set; }

    /// <summary>The review it concerns, if any.</summary>
    public Guid? ReviewId { get; set; }

    /// <summary>The contract's full type name (a type of <c>Orchestration.Contracts</c>).</summary>
    public string MessageType { get; set; } = string.Empty;

    /// <summary>The message as JSON.</summary>
    public string Body { get; set; } = string.Empty;

    /// <summary>When the transition that owed it committed.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the relay handed it to the bus; null while it waits.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>How many times the relay tried.</summary>
    public int Attempts { get; set; }

    /// <summary>The last failure's kind, for operators.</summary>
    public string? LastError { get; set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span that wrote the row (a transition, a deadline firing), so the
    /// relay's publication, and everything the message causes downstream, continues that trace; null when
    /// nothing was recording.
    /// </summary>
    public string? TraceParent { get; set; }

    /// <summary>The W3C <c>tracestate</c> that went with <see cref="TraceParent"/>, if any.</summary>
    public string? TraceState { get; set; }

    /// <summary>An outbox row for <paramref name="message"/>, a contract.</summary>
    public static OutboxMessage For(object message, Guid? reviewId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        if (type.Assembly != typeof(IReviewEvent).Assembly)
        {
            throw new ArgumentException($"Only contracts go through the outbox, not {type.FullName}.", nameof(message));
        }

        var trace = StoredTraceContext.Current();
        return new OutboxMessage
        {
            MessageId = Guid.NewGuid(),
            ReviewId = reviewId,
            MessageType = type.FullName!,
            Body = JsonSerializer.Serialize(message, type, Json),
            CreatedAt = now,
            TraceParent = trace?.TraceParent,
            TraceState = trace?.TraceState,
        };
    }

    /// <summary>The contract type a stored type name names, or null if it is not one.</summary>
    public static Type? ContractNamed(string messageType) =>
        typeof(IReviewEvent).Assembly.GetType(messageType, throwOnError: false);

    /// <summary>The contract's type.</summary>
    public Type ContractType() =>
        ContractNamed(MessageType)
        ?? throw new InvalidOperationException($"Outbox message {MessageId} has unknown type '{MessageType}'.");

    /// <summary>The message itself.</summary>
    public object Read() =>
        JsonSerializer.Deserialize(Body, ContractType(), Json)
        ?? throw new InvalidOperationException($"Outbox message {MessageId} is empty.");
}

/// <summary>A message a consumer has processed, kept for a while so a redelivery of it is ignored.</summary>
public sealed class InboxMessage
{
    /// <summary>Which consumer processed it (<c>reviews</c> for the review saga).</summary>
    public string Consumer { get; set; } = string.Empty;

    /// <summary>The transport message id.</summary>
    public Guid MessageId { get; set; }

    /// <summary>When it was processed.</summary>
    public DateTimeOffset ReceivedAt { get; set; }
}
