namespace Orchestration.Contracts;

/// <summary>
/// Command to the notification worker: try a failed or dead-lettered notification again, now. The worker
/// puts it back in its queue once per <paramref name="Retry"/> number, so a repeated command changes nothing;
/// the outcome comes back as <see cref="StatutoryNotificationSent"/> or <see cref="StatutoryNotificationFailed"/>.
/// </summary>
/// <param name="IdempotencyKey">The key of the <see cref="SendStatutoryNotification"/> to try again.</param>
/// <param name="Retry">Which retry of this notification the review asked for: 1 for the first, then 2, ...</param>
/// <param name="RequestedBy">Who asked, as recorded on the review's timeline.</param>
public sealed record RetryStatutoryNotification(
    Guid ReviewId,
    string IdempotencyKey,
    int Retry,
    string RequestedBy);
