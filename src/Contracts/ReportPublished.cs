namespace Orchestration.Contracts;

/// <summary>
/// The report was published: it stays available for at least a year and goes to the NSPCC repository. N11, N12, N13; seeds 000 §4.2.9-4.2.10, 002 §10.5.2-10.5.3.
/// </summary>
public sealed record ReportPublished(
    Guid ReviewId,
    DateOnly OccurredOn,
    Uri Url,
    DateOnly PublishedOn,
    Guid? EventId = null) : IReviewEvent;
