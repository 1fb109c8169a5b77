namespace Orchestration.Contracts;

/// <summary>
/// The local authority notified the National Panel of a serious incident. N2, N4; seeds 000 §2.1.2, 003 §5.2-5.3, 004.
/// </summary>
public sealed record SeriousIncidentNotified(
    Guid ReviewId,
    DateOnly OccurredOn,
    Guid? EventId = null) : IReviewEvent;
