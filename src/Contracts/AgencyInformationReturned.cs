namespace Orchestration.Contracts;

/// <summary>
/// An agency returned its information-gathering form. Seeds 000 §3.3.5-3.3.6, 002, 004.
/// </summary>
/// <param name="NoRecords">True when the agency holds no records of the child or family.</param>
public sealed record AgencyInformationReturned(
    Guid ReviewId,
    DateOnly OccurredOn,
    string Agency,
    bool NoRecords,
    Guid? EventId = null) : IReviewEvent;
