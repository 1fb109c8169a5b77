namespace Orchestration.Contracts;

/// <summary>
/// Published when a <see cref="ReferralSubmitted"/> from the bus is incomplete or invalid: the referral is
/// returned to the referrer and no review is opened (seeds 000 §3.1.4, 004 App 1). Names the fields and the
/// problems, never their values, so it carries no personal data.
/// </summary>
/// <param name="ReviewId">The id the review would have had.</param>
/// <param name="EventId">The referral's own id, if it had one.</param>
/// <param name="Partnership">The partnership it was sent to, as given.</param>
/// <param name="Problems">Field (camelCase JSON path) to what is wrong with it.</param>
public sealed record ReferralReturned(
    Guid ReviewId,
    Guid? EventId,
    string? Partnership,
    IReadOnlyDictionary<string, string[]> Problems);
