namespace Orchestration.Contracts;

/// <summary>
/// A process running alongside a review. N17; seeds 000 §4.1.10, 002 §5.6, 003 §11, 004.
/// </summary>
public enum ParallelProceedingKind
{
    CriminalInvestigation,

    /// <summary>Northamptonshire: no publication before a prosecution completes (seeds 004).</summary>
    Prosecution,

    Inquest,

    DomesticHomicideReview,

    SafeguardingAdultsReview,

    Disciplinary,

    CareProceedings,

    Other,
}
