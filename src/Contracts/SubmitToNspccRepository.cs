namespace Orchestration.Contracts;

/// <summary>
/// Command to the publication worker: submit a published report to the NSPCC National Repository. N13;
/// seeds 000 §4.2.10, 002 §10.5.3.
/// </summary>
/// <param name="IdempotencyKey">Stable for this review's submission; the worker never submits the same key twice.</param>
/// <param name="Partnership">The review's procedure profile, whose sender and templates apply.</param>
/// <param name="Document">The published report, checked for the names recorded at referral before it was accepted.</param>
public sealed record SubmitToNspccRepository(
    Guid ReviewId,
    Uri ReportUrl,
    DateOnly PublishedOn,
    string IdempotencyKey,
    string? Partnership = null,
    DocumentReference? Document = null);
