using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orchestration.Workers.Email;
using Orchestration.Workers.Telemetry;
using Orchestration.Workers.Tests.Smtp;

namespace Orchestration.Workers.Tests.Telemetry;

/// <summary>The SMTP gateway's readiness check against a real SMTP server on loopback (aiosmtpd).</summary>
public sealed class SmtpGatewayHealthCheckTests : IAsyncLifetime
{
    private SmtpServer server = null!;

    public async Task InitializeAsync() => server = await SmtpServer.Start();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_gateway_that_answers_is_healthy_and_one_that_went_away_is_unhealthy_once_the_cached_answer_expires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 14, 10, 0, 0, TimeSpan.Zero));
        using var check = new SmtpGatewayHealthCheck(Options.Create(new EmailOptions
        {
            Channel = EmailChannelKind.Smtp,
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(5) },
        }), clock);

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        // Within the minute the answer is reused: the gateway is not asked again.
        await server.Stop();
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        clock.Advance(SmtpGatewayHealthCheck.CacheFor);
        var down = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains(server.Port.ToString(CultureInfo.InvariantCulture), down.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_without_the_required_STARTTLS_is_unhealthy()
    {
        using var check = new SmtpGatewayHealthCheck(Options.Create(new EmailOptions
        {
            Channel = EmailChannelKind.Smtp,
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.StartTls, Timeout = TimeSpan.FromSeconds(5) },
        }), TimeProvider.System);

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }
}
