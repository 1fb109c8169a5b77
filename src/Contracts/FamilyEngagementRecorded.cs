namespace Orchestration.Contracts;

/// <summary>
/// Whether the family, including surviving children, was invited to contribute and took part. N15; seeds 000 §1.5.5, 002 §7.4.2.
/// </summary>
/// <param name="ReasonNotInvolved">Required when the family was not invited or did not take part (N15).</param>
public sealed record FamilyEngagementRecorded(
    Guid ReviewId,
    DateOnly OccurredOn,
    bool Invited,
    bool Participated,
    string? ReasonNotInvolved,
    Guid? EventId = null) : IReviewEvent;
