namespace Orchestration.Contracts;

/// <summary>
/// Information-gathering forms went to the agencies. Seeds 000 §3.3.3, 002 §4.3.3, 003 §6.5, 004 App 2b.
/// </summary>
/// <param name="Agencies">The agencies' names, as in the profile or the referral.</param>
/// <param name="DueOn">The date the returns are due (e.g. 9 working days from the referral in Warrington).</param>
public sealed record InformationRequestsSent(
    Guid ReviewId,
    DateOnly OccurredOn,
    IReadOnlyList<string> Agencies,
    DateOnly DueOn,
    Guid? EventId = null) : IReviewEvent;
