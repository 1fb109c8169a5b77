namespace Orchestration.Contracts;

/// <summary>
/// The kind of review a referrer asks for. Seeds 004 App 1 (request form).
/// </summary>
public enum RequestedReviewType
{
    /// <summary>A Child Safeguarding Practice Review.</summary>
    Cspr,

    /// <summary>A case mapping exercise.</summary>
    CaseMappingExercise,
}
