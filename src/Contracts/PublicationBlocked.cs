namespace Orchestration.Contracts;

/// <summary>
/// The publication gate refused the publication date. N10, N17; seeds 000 §4.2.8, 003 §14.7, 004 (14 days; no publication before a prosecution completes).
/// </summary>
/// <param name="EarliestCompliantPublicationDate">The earliest date that would comply; null while a parallel proceeding holds publication.</param>
public sealed record PublicationBlocked(
    Guid ReviewId,
    DateOnly OccurredOn,
    DateOnly RequestedPublishOn,
    string Reason,
    DateOnly? EarliestCompliantPublicationDate,
    Guid? EventId = null) : IReviewEvent;
