using System.Security.Claims;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Security;

/// <summary>Records reads of a review's record and personal data in <c>access_log</c>, before the answer goes out.</summary>
public static class AccessLog
{
    /// <summary><c>GET /api/reviews/{id}</c>: the review's record (lead reviewer, meetings' attendees, recipients' addresses).</summary>
    public const string Review = "review";

    /// <summary>The dashboard's page of a review.</summary>
    public const string DashboardReview = "dashboard:review";

    /// <summary>The referral as received (children, family, referrer), read to check an uploaded report names none of them.</summary>
    public const string ReferralNameCheck = "referral:name-check";

    /// <summary>Appends one entry and saves it.</summary>
    public static async Task Record(ReviewsDbContext database, ClaimsPrincipal caller, Guid reviewId, string partnership, string what,
        TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(time);
        database.AccessLog.Add(new AccessLogEntry
        {
            At = time.GetUtcNow(),
            Caller = Truncate(caller.Name(), 200),
            AuthenticatedBy = Truncate(caller.Identity?.AuthenticationType ?? string.Empty, 64),
            Partnership = partnership,
            ReviewId = reviewId,
            What = what,
        });
        await database.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
