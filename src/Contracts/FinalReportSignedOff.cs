namespace Orchestration.Contracts;

/// <summary>
/// The final CSPR report was signed off by the partners. N7; seeds 002 §9.1.5, 003 §14.
/// </summary>
public sealed record FinalReportSignedOff(
    Guid ReviewId,
    DateOnly OccurredOn,
    Guid? EventId = null) : IReviewEvent;
