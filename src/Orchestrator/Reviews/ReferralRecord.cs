namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// The referral as received, people and all: kept apart from the review's statutory record so that the
/// personal data has one home (to be encrypted and erased by its own rules).
/// </summary>
public sealed class ReferralRecord
{
    /// <summary>The review it opened.</summary>
    public Guid ReviewId { get; set; }

    /// <summary>The <c>ReferralSubmitted</c> event as JSON.</summary>
    public string Payload { get; set; } = string.Empty;
}
