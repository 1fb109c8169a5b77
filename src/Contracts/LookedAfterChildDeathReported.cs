namespace Orchestration.Contracts;

/// <summary>
/// A looked-after child has died: Ofsted and the Secretary of State must be told whatever else happens. N3; seeds 000 §2.1.5, 002 §4.1.2, 003 §5.3.
/// </summary>
public sealed record LookedAfterChildDeathReported(
    Guid ReviewId,
    DateOnly OccurredOn,
    Guid? EventId = null) : IReviewEvent;
