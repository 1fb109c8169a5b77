namespace Orchestration.Contracts;

/// <summary>
/// A parallel process (investigation, inquest, DHR, ...) was recorded. N17; seeds 000 §4.1.10, 002 §5.6, 003 §11, 004.
/// </summary>
/// <param name="ProceedingId">Chosen by the sender; names the proceeding when it concludes.</param>
/// <param name="HoldsPublication">True when publication must wait for the proceeding to conclude.</param>
public sealed record ParallelProceedingRecorded(
    Guid ReviewId,
    DateOnly OccurredOn,
    Guid ProceedingId,
    ParallelProceedingKind Kind,
    bool HoldsPublication,
    Guid? EventId = null) : IReviewEvent;
