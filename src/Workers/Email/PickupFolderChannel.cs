using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Orchestration.Infrastructure;
using Orchestration.Workers.Telemetry;

namespace Orchestration.Workers.Email;

/// <summary>
/// Writes each message as an RFC 5322 <c>.eml</c> file named after its Message-ID. The file appears whole
/// (written aside, then moved into place) and a second attempt for the same message finds it there and
/// writes nothing: exactly one file per notification, whatever crashes in between.
/// </summary>
public sealed class PickupFolderChannel(IOptions<EmailOptions> options) : IMailChannel
{
    /// <inheritdoc />
    public async Task<MailResult> Send(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var folder = Path.GetFullPath(options.Value.PickupDirectory);
        using var span = WorkersTelemetry.Source.StartActivity(WorkersTelemetry.PickupWriteSpan, ActivityKind.Internal);
        try
        {
            var target = Path.Combine(folder, FileNameFor(message.MessageId ?? throw new ArgumentException("a message needs a Message-ID", nameof(message))));

            // A second attempt for the same message finds the file there and writes nothing.
            await WriteOnceFile.Write(target, (stream, token) => message.WriteToAsync(stream, token), cancellationToken).ConfigureAwait(false);
            return MailResult.Delivered;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            span?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            return MailResult.Transient($"the pickup folder could not be written ({error.GetType().Name})");
        }
    }

    /// <summary>The file a message is written to: a hash of its Message-ID, so nothing of the message shows in the name.</summary>
    public static string FileNameFor(string messageId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32] + ".eml";
}
