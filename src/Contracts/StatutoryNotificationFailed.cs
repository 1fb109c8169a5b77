namespace Orchestration.Contracts;

/// <summary>
/// The notification worker could not send a statutory notification. N2, N3, N8, N9, N10, N11.
/// </summary>
/// <param name="IdempotencyKey">The key of the <see cref="SendStatutoryNotification"/> it answers.</param>
/// <param name="Permanent">True when the worker has given up; false when it will retry.</param>
/// <param name="Reason">Technical reason (e.g. the SMTP reply); never personal data.</param>
public sealed record StatutoryNotificationFailed(
    Guid ReviewId,
    DateOnly OccurredOn,
    string IdempotencyKey,
    string NotificationKind,
    string RecipientRole,
    bool Permanent,
    string Reason,
    Guid? EventId = null) : IReviewEvent;
