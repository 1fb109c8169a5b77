namespace Orchestration.Contracts;

/// <summary>
/// How a case reached the partnership. N2, N4; seeds 000 §3.1.1, 001 (SIN, CFC, ALTE), 002 §4.9, 003 §4.2.
/// </summary>
public enum ReviewRoute
{
    /// <summary>The local authority notified the National Panel of a serious incident (N2); always leads to a Rapid Review (N4).</summary>
    LocalAuthorityNotification,

    /// <summary>An agency or partner refers a case for consideration (Gloucestershire CFC; LLR agency referral).</summary>
    AgencyReferral,

    /// <summary>Below the notification threshold; a request to consider learning (seeds 003 §10).</summary>
    LearningRequest,

    /// <summary>An acute life-threatening event, decided by the Child Death Overview Panel (seeds 001).</summary>
    AcuteLifeThreateningEvent,
}
