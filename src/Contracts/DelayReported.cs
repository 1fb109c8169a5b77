namespace Orchestration.Contracts;

/// <summary>
/// A delay will prevent publication within six months; the Panel and the Secretary of State are told why. N7, N8; seeds 000 §2.1.4, 002 §3.1.3, 003 §15.5, 004.
/// </summary>
public sealed record DelayReported(
    Guid ReviewId,
    DateOnly OccurredOn,
    string Reason,
    DateOnly ExpectedPublicationOn,
    Guid? EventId = null) : IReviewEvent;
