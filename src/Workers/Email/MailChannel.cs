using MimeKit;

namespace Orchestration.Workers.Email;

/// <summary>What became of one attempt to hand a message over.</summary>
/// <param name="Accepted">The gateway (or the folder) took it.</param>
/// <param name="Permanent">For a refusal: true when trying again cannot help.</param>
/// <param name="Reason">For a refusal: technical only (a reply code and text, an exception type); never personal data.</param>
public sealed record MailResult(bool Accepted, bool Permanent, string? Reason)
{
    /// <summary>Taken.</summary>
    public static MailResult Delivered { get; } = new(true, false, null);

    /// <summary>Refused for a reason that may pass.</summary>
    public static MailResult Transient(string reason) => new(false, false, reason);

    /// <summary>Refused for good.</summary>
    public static MailResult Refused(string reason) => new(false, true, reason);
}

/// <summary>Where composed messages go: the SMTP gateway or the pickup folder.</summary>
public interface IMailChannel
{
    /// <summary>Hands one message over; never throws for a delivery failure, only for cancellation.</summary>
    Task<MailResult> Send(MimeMessage message, CancellationToken cancellationToken);
}
