namespace Orchestration.Contracts;

/// <summary>
/// Command to the notification worker: send one statutory notification. N2, N3, N8, N9, N10, N11, N13;
/// seeds 000 §3.5.6, §4.2.8, 003 §5.7.
/// </summary>
/// <param name="NotificationKind">What is being notified, e.g. <c>FinalReportCopy</c>; the worker's template key.</param>
/// <param name="RecipientRole">Who receives it, e.g. <c>NationalPanel</c>, <c>Ofsted</c>, <c>SecretaryOfState</c>; the address comes from the profile and configuration.</param>
/// <param name="IdempotencyKey">Stable for this notification of this review; the worker never sends the same key twice.</param>
/// <param name="DueOn">The last compliant date to send it.</param>
/// <param name="Partnership">The review's procedure profile, whose recipients and templates apply.</param>
/// <param name="Rule">The rule the notification serves (N1-N18 or <c>profile:key</c>), when it serves one.</param>
/// <param name="Facts">What the template may say: dates, the lead reviewer, the reason. Never the child's or family's personal data.</param>
/// <param name="Attachments">Documents the message carries (the final report for N10).</param>
/// <param name="RecipientAddress">An address the review itself holds for this recipient (the referrer's work address); otherwise configuration decides.</param>
public sealed record SendStatutoryNotification(
    Guid ReviewId,
    string NotificationKind,
    string RecipientRole,
    string IdempotencyKey,
    DateOnly DueOn,
    string? Partnership = null,
    string? Rule = null,
    IReadOnlyDictionary<string, string>? Facts = null,
    IReadOnlyList<DocumentReference>? Attachments = null,
    string? RecipientAddress = null);
