namespace Orchestration.Contracts;

/// <summary>
/// The notification worker sent a statutory notification. N2, N3, N8, N9, N10, N11.
/// </summary>
/// <param name="IdempotencyKey">The key of the <see cref="SendStatutoryNotification"/> it answers.</param>
public sealed record StatutoryNotificationSent(
    Guid ReviewId,
    DateOnly OccurredOn,
    string IdempotencyKey,
    string NotificationKind,
    string RecipientRole,
    Guid? EventId = null) : IReviewEvent;
