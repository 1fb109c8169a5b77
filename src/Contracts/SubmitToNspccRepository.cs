namespace Orchestration.Contracts;

/// <summary>
/// Command to the publication worker: submit a published report to the NSPCC National Repository. N13;
/// seeds 000 §4.2.10, 002 §10.5.3.
/// </summary>
/// <param name="IdempotencyKey">Stable for this review's submission; the worker never submits the same key twice.</param>
public sealed record SubmitToNspccRepository(
    Guid ReviewId,
    Uri ReportUrl,
    DateOnly PublishedOn,
    string IdempotencyKey);
