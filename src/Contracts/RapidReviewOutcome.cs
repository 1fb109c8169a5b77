namespace Orchestration.Contracts;

/// <summary>
/// The outcome of a Rapid Review. N6; seeds 000 App 5 §5, 003 §6.8-6.9.
/// </summary>
public enum RapidReviewOutcome
{
    /// <summary>A national CSPR (the National Panel decides).</summary>
    NationalReview,

    /// <summary>A local CSPR (N7: six months to publication).</summary>
    LocalReview,

    /// <summary>Another review instead: DHR, SAR, MAPPA SFO, CDOP, ...</summary>
    AlternativeReview,

    SingleAgencyReview,

    /// <summary>The Rapid Review report goes to the Panel as the CSPR.</summary>
    NoFurtherReview,

    /// <summary>Below threshold: the Learning and Development sub-group chooses the learning (seeds 003 §5.5, §10.6).</summary>
    LearningRoute,

    Other,
}
