namespace Orchestration.Contracts;

/// <summary>
/// A parallel process concluded; any hold it placed on publication lifts. N17; seeds 003 §11, 004.
/// </summary>
public sealed record ParallelProceedingConcluded(
    Guid ReviewId,
    DateOnly OccurredOn,
    Guid ProceedingId,
    Guid? EventId = null) : IReviewEvent;
