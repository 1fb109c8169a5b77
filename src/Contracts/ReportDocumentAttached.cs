namespace Orchestration.Contracts;

/// <summary>Which report a document is. N10, N11; seeds 000 §4.2.8.</summary>
public enum ReportDocumentKind
{
    /// <summary>The full final report of a local CSPR.</summary>
    FinalReport,

    /// <summary>The learning and improvements only, when only that is published (N10, N11).</summary>
    LearningOnly,
}

/// <summary>
/// A report document was uploaded to the review, found free of the names recorded at referral, and stored.
/// Sent by the orchestrator's upload endpoint only (never by callers directly), because the check comes first.
/// N10, N11, N13; seeds 000 §4.2.2, §4.2.8-4.2.10.
/// </summary>
public sealed record ReportDocumentAttached(
    Guid ReviewId,
    DateOnly OccurredOn,
    ReportDocumentKind Kind,
    DocumentReference Document,
    Guid? EventId = null) : IReviewEvent;
