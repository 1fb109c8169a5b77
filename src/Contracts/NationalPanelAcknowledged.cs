namespace Orchestration.Contracts;

/// <summary>
/// The National Panel acknowledged the notification. N5 (profiles that count from the acknowledgement); seeds 001 (within 2 days, with the expected response date), 003 §6.2, §6.10.
/// </summary>
/// <param name="ExpectedResponseOn">The date by which the Panel expects the partnership's Rapid Review response.</param>
public sealed record NationalPanelAcknowledged(
    Guid ReviewId,
    DateOnly OccurredOn,
    DateOnly ExpectedResponseOn,
    Guid? EventId = null) : IReviewEvent;
