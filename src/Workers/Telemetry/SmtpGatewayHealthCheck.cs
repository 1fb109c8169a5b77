using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orchestration.Workers.Email;

namespace Orchestration.Workers.Telemetry;

/// <summary>
/// Ready when the SMTP gateway greets and answers EHLO with the configured security (STARTTLS negotiated when
/// required); registered only when <c>Email:Channel</c> is <c>Smtp</c>. The answer is kept for
/// <see cref="CacheFor"/>, so frequent probes do not hammer the gateway. It sends nothing.
/// </summary>
public sealed class SmtpGatewayHealthCheck(IOptions<EmailOptions> options, TimeProvider time) : IHealthCheck, IDisposable
{
    /// <summary>How long one check's answer is reused.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim gate = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? last;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (last is { } cached && now - cached.At < CacheFor && now >= cached.At)
            {
                return cached.Result;
            }

            var result = await Probe(cancellationToken).ConfigureAwait(false);
            last = (now, result);
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    private async Task<HealthCheckResult> Probe(CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = (int)Math.Min(smtp.Timeout.TotalMilliseconds, 10_000) };
        try
        {
            var security = smtp.Security switch
            {
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{smtp.Host}:{smtp.Port} answers");
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{smtp.Host}:{smtp.Port} does not answer as configured ({error.GetType().Name})");
        }
    }
}
