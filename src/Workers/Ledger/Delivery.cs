namespace Orchestration.Workers.Ledger;

/// <summary>Where a delivery is in its lifecycle (<see cref="DeliveryLifecycle"/>).</summary>
public enum DeliveryState
{
    /// <summary>Received from the orchestrator; not yet attempted.</summary>
    Pending,

    /// <summary>The first attempt is under way.</summary>
    Sending,

    /// <summary>The gateway accepted it (or it was written to the pickup folder). Final.</summary>
    Sent,

    /// <summary>An attempt failed for a reason that may pass; the next attempt waits for its backoff.</summary>
    Failed,

    /// <summary>A later attempt is under way.</summary>
    Retrying,

    /// <summary>Given up: the failure was permanent or the attempts ran out. An operator may requeue it.</summary>
    DeadLettered,
}

/// <summary>
/// One notification to one recipient, in the workers' ledger. The idempotency key (review, kind, recipient
/// and what the notification is about) is unique: a command that arrives twice finds its row and adds nothing.
/// </summary>
public sealed class Delivery
{
    /// <summary>The ledger's own sequence; the dispatcher works through rows in this order.</summary>
    public long Id { get; set; }

    /// <summary>The orchestrator's key for this notification; unique in the ledger.</summary>
    public string IdempotencyKey { get; set; } = string.Empty;

    /// <summary>The review it belongs to.</summary>
    public Guid ReviewId { get; set; }

    /// <summary>The review's procedure profile, whose recipients and templates apply.</summary>
    public string Partnership { get; set; } = string.Empty;

    /// <summary>The notification kind (a <c>NotificationKind</c> name): the template's key.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The recipient role (a <c>RecipientRole</c> name); the address comes from configuration when sending.</summary>
    public string RecipientRole { get; set; } = string.Empty;

    /// <summary>The rule the notification serves, when it serves one.</summary>
    public string? Rule { get; set; }

    /// <summary>The last compliant date to send it.</summary>
    public DateOnly DueOn { get; set; }

    /// <summary>The command as received (JSON): the facts, attachments and address the message is written from.</summary>
    public string Command { get; set; } = string.Empty;

    /// <summary>Where it is in its lifecycle.</summary>
    public DeliveryState State { get; set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>How many times an operator has requeued it; part of the outcome events' ids.</summary>
    public int Generation { get; set; }

    /// <summary>When the command arrived.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>When a failed delivery is next attempted.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>
    /// Until when the attempt under way belongs to the dispatcher that claimed it. A claim that lapses (the
    /// process died mid-attempt) is taken up again, with the same Message-ID.
    /// </summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>When the gateway accepted it.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The Message-ID header every attempt carries (derived from the idempotency key).</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>The last failure, technical only (an SMTP reply code and text, an exception type).</summary>
    public string? LastError { get; set; }

    /// <summary>An outcome the orchestrator has not yet been told of (<see cref="DeliveryOutcome"/>).</summary>
    public DeliveryOutcome? OutcomeToReport { get; set; }

    /// <summary>The last outcome reported, so that it can be reported again after a crash with the same id.</summary>
    public DeliveryOutcome? OutcomeReported { get; set; }

    /// <summary>When the last outcome was reported.</summary>
    public DateTimeOffset? ReportedAt { get; set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the consume that recorded the command, so the dispatcher's attempts (and
    /// the send) continue the trace of the transition that owed the notification; null when nothing was recording.
    /// </summary>
    public string? TraceParent { get; set; }

    /// <summary>The W3C <c>tracestate</c> that went with <see cref="TraceParent"/>, if any.</summary>
    public string? TraceState { get; set; }

    /// <summary>Optimistic concurrency: two dispatchers never both claim one row.</summary>
    public int Version { get; set; }
}

/// <summary>What the orchestrator is told about a delivery.</summary>
public enum DeliveryOutcome
{
    /// <summary>It was sent (<c>StatutoryNotificationSent</c>).</summary>
    Sent,

    /// <summary>An attempt failed and it will be retried (<c>StatutoryNotificationFailed</c>, not permanent).</summary>
    Failing,

    /// <summary>It was dead-lettered (<c>StatutoryNotificationFailed</c>, permanent).</summary>
    DeadLettered,
}
