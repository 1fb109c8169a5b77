namespace Orchestration.Orchestrator.Security;

/// <summary>
/// One read of a review's record by a caller (table <c>access_log</c>): who, for which partnership and review,
/// what was read and when. It names the caller and the review, never anyone in the review.
/// </summary>
public sealed class AccessLogEntry
{
    /// <summary>Row id, in the order reads were recorded.</summary>
    public long Id { get; set; }

    /// <summary>When the read happened.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The caller: an API key's name, or a person's subject.</summary>
    public string Caller { get; set; } = string.Empty;

    /// <summary>How the caller was authenticated (<c>ApiKey</c> or the bearer scheme).</summary>
    public string AuthenticatedBy { get; set; } = string.Empty;

    /// <summary>The review's partnership.</summary>
    public string Partnership { get; set; } = string.Empty;

    /// <summary>The review read.</summary>
    public Guid ReviewId { get; set; }

    /// <summary>What was read (<see cref="AccessLog"/>'s constants).</summary>
    public string What { get; set; } = string.Empty;
}
