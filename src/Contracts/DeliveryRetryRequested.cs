namespace Orchestration.Contracts;

/// <summary>
/// Someone asked for a failed or dead-lettered notification of the review to be tried again. Sent by the
/// orchestrator's dashboard only (never by callers directly): the review records who asked and why on its
/// timeline and owes the workers a <see cref="RetryStatutoryNotification"/>.
/// </summary>
/// <param name="IdempotencyKey">The key of the <see cref="SendStatutoryNotification"/> to try again.</param>
/// <param name="RequestedBy">Who asked (a member of staff; issue 8 takes it from their sign-in).</param>
/// <param name="Reason">Why, e.g. "the gateway is back"; never personal data of the child or family.</param>
public sealed record DeliveryRetryRequested(
    Guid ReviewId,
    DateOnly OccurredOn,
    string IdempotencyKey,
    string RequestedBy,
    string Reason,
    Guid? EventId = null) : IReviewEvent;
