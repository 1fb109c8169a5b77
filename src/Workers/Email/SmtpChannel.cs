using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Orchestration.Workers.Telemetry;

namespace Orchestration.Workers.Email;

/// <summary>
/// Sends through the deployment's SMTP gateway with MailKit. TLS is required unless configured off. A 4xx
/// reply, a refused or dropped connection or a timeout may pass (the ledger retries); a 5xx reply, a gateway
/// without the required TLS, or refused credentials will not (the ledger dead-letters).
/// </summary>
public sealed partial class SmtpChannel(IOptions<EmailOptions> options, ILogger<SmtpChannel> logger) : IMailChannel
{
    /// <inheritdoc />
    public async Task<MailResult> Send(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var smtp = options.Value.Smtp;
        using var span = WorkersTelemetry.Source.StartActivity(WorkersTelemetry.SmtpSendSpan, ActivityKind.Client);
        span?.SetTag("server.address", smtp.Host);
        span?.SetTag("server.port", smtp.Port);
        var result = await Hand(message, smtp, cancellationToken).ConfigureAwait(false);
        if (span is not null)
        {
            span.SetTag("cspr.smtp.accepted", result.Accepted);
            if (!result.Accepted)
            {
                span.SetStatus(ActivityStatusCode.Error, result.Reason);
            }
        }

        return result;
    }

    private async Task<MailResult> Hand(MimeMessage message, SmtpOptions smtp, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        if (smtp.PinnedCertificate is { Length: > 0 } pinned)
        {
            var trusted = Pinned(pinned);
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted));
        }

        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Socket(smtp.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return MailResult.Delivered;
        }
        catch (SmtpCommandException refusal)
        {
            var reason = $"the gateway answered {(int)refusal.StatusCode} ({refusal.ErrorCode})";
            LogRefused(logger, (int)refusal.StatusCode, refusal.ErrorCode.ToString());
            return (int)refusal.StatusCode >= 500 ? MailResult.Refused(reason) : MailResult.Transient(reason);
        }
        catch (AuthenticationException)
        {
            return MailResult.Refused("the gateway refused the configured credentials");
        }
        catch (NotSupportedException)
        {
            // MailKit's answer when STARTTLS is required and the gateway does not offer it.
            return MailResult.Refused($"the gateway does not offer the required {smtp.Security}");
        }
        catch (SslHandshakeException)
        {
            return MailResult.Refused("the TLS handshake with the gateway failed (certificate or protocol)");
        }
        catch (Exception error) when (error is SocketException or IOException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException
                                          || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return MailResult.Transient($"the gateway could not be reached ({error.GetType().Name})");
        }
    }

    private static byte[] Pinned(string file)
    {
        var text = File.ReadAllText(file);
        using var certificate = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificateFromFile(file);
        return certificate.RawData;
    }

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "The SMTP gateway refused a message: {StatusCode} {ErrorCode}.")]
    private static partial void LogRefused(ILogger logger, int statusCode, string errorCode);
}
