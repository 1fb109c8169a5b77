namespace Orchestration.Infrastructure.Telemetry;

/// <summary>
/// The names of the attributes on the services' spans and the tags on their metrics. Identifiers and
/// vocabulary only: a review id, a partnership's profile name, an event, state, rule or notification kind.
/// Never a child's or family member's name, a date of birth, an address, a summary or an email address.
/// </summary>
public static class TelemetryAttributes
{
    /// <summary>Span attribute: the review's id.</summary>
    public const string ReviewId = "cspr.review.id";

    /// <summary>Span attribute: the review's partnership (its procedure profile's name).</summary>
    public const string Partnership = "cspr.partnership";

    /// <summary>Span attribute: the contract event a transition handled.</summary>
    public const string Event = "cspr.event";

    /// <summary>Span attribute: the review's state before the transition.</summary>
    public const string StateBefore = "cspr.state.before";

    /// <summary>Span attribute: the review's state after the transition.</summary>
    public const string StateAfter = "cspr.state.after";

    /// <summary>Span attribute: what became of an event (<c>applied</c>, <c>rejected</c>, <c>ignored</c>) or of a delivery attempt.</summary>
    public const string Outcome = "cspr.outcome";

    /// <summary>Span attribute: the statutory rule id (<c>N1</c>-<c>N18</c>, or <c>profile:key</c>).</summary>
    public const string Rule = "cspr.rule";

    /// <summary>Span attribute: a deadline's id.</summary>
    public const string DeadlineId = "cspr.deadline.id";

    /// <summary>Span attribute: which firing of a deadline (<c>approaching</c> or <c>missed</c>).</summary>
    public const string FiringKind = "cspr.deadline.firing";

    /// <summary>Span attribute: whether a firing came late (after downtime).</summary>
    public const string Late = "cspr.deadline.late";

    /// <summary>Span attribute: a notification kind (the template's name).</summary>
    public const string NotificationKind = "cspr.notification.kind";

    /// <summary>Span attribute: a recipient role (never the address).</summary>
    public const string RecipientRole = "cspr.recipient.role";

    /// <summary>Span attribute: the delivery ledger row's id.</summary>
    public const string DeliveryId = "cspr.delivery.id";

    /// <summary>Span attribute: the attempt's number.</summary>
    public const string Attempt = "cspr.delivery.attempt";

    /// <summary>Span attribute: the contract type of a message.</summary>
    public const string MessageType = "messaging.message.type";

    /// <summary>Span attribute: the transport message id (OpenTelemetry's messaging convention).</summary>
    public const string MessageId = "messaging.message.id";

    /// <summary>Metric tag: the partnership.</summary>
    public const string PartnershipTag = "partnership";

    /// <summary>Metric tag: a review's state.</summary>
    public const string StateTag = "state";

    /// <summary>Metric tag: a contract event's name.</summary>
    public const string EventTag = "event";

    /// <summary>Metric tag: a rule id.</summary>
    public const string RuleTag = "rule";

    /// <summary>Metric tag: a kind (of firing, of message, of notification).</summary>
    public const string KindTag = "kind";
}
