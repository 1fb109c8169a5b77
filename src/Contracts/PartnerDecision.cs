namespace Orchestration.Contracts;

/// <summary>
/// A decision, or triage recommendation, on whether a referral goes to Rapid Review. Seeds 000 §3.1.5-3.1.7, 001 (CFC vote, ALTE), 003 §5.5-5.6.
/// </summary>
public enum PartnerDecision
{
    /// <summary>The case goes to Rapid Review.</summary>
    RapidReview,

    /// <summary>The Rapid Review threshold is not met.</summary>
    NoRapidReview,

    /// <summary>Below threshold; referred to the Learning and Development sub-group (seeds 003 §5.5).</summary>
    LearningAndDevelopment,

    /// <summary>Reviewed under the Child Death Review arrangements instead (seeds 001: ALTE, neonatal and expected deaths).</summary>
    ChildDeathReview,

    /// <summary>Below threshold and no practice issues to consider (seeds 003 §5.6).</summary>
    NoFurtherAction,
}
