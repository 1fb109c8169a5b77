namespace Orchestration.Contracts;

/// <summary>
/// The National Panel answered the Rapid Review. N6; seeds 003 §6.11.
/// </summary>
/// <param name="NationalReview">True when the Panel will carry out a national review.</param>
public sealed record NationalPanelResponded(
    Guid ReviewId,
    DateOnly OccurredOn,
    bool AgreesWithOutcome,
    bool NationalReview,
    Guid? EventId = null) : IReviewEvent;
