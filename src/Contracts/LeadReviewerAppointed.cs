namespace Orchestration.Contracts;

/// <summary>
/// The lead reviewer was appointed; their name goes to the Panel, Ofsted and the DfE. N9, N11, N16; seeds 000 §6.1.3, 002 §1.5.8, §6.1.2, 003 §8.1.
/// </summary>
/// <param name="ReviewerName">Personal data: the only name carried outside the referral.</param>
/// <param name="ConflictOfInterestDeclared">True once the reviewer has made the N16 declaration (no involvement in the case, no management of its practitioners).</param>
public sealed record LeadReviewerAppointed(
    Guid ReviewId,
    DateOnly OccurredOn,
    string ReviewerName,
    bool ConflictOfInterestDeclared,
    Guid? EventId = null) : IReviewEvent;
