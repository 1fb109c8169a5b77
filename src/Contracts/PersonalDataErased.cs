namespace Orchestration.Contracts;

/// <summary>
/// The review's personal data is to be erased: the referral (the child, the family, the summary, the referrer), the
/// referrer's address, the lead reviewer's name and every free-text reason are replaced by an erased marker, while the
/// statutory record (dates, deadlines, decisions, outcomes, the timeline and its hash chain) stays. Sent by the
/// orchestrator itself only: its retention job once the retention period after closure has passed, or an
/// administrator's request (right to erasure, UK GDPR Art. 17); never by callers directly.
/// </summary>
/// <param name="Basis">Why: <c>retention</c> (the period ended) or <c>request</c> (an administrator's request).</param>
/// <param name="RequestedBy">Who asked, for a request (the caller's name); null for the retention job.</param>
public sealed record PersonalDataErased(
    Guid ReviewId,
    DateOnly OccurredOn,
    string Basis,
    string? RequestedBy = null,
    Guid? EventId = null) : IReviewEvent;
