using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Telemetry;

namespace Orchestration.Orchestrator.Tests.Telemetry;

/// <summary>Readiness: what <c>/health/ready</c> checks and answers, and when the deadline pump counts as stuck.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readiness_answers_JSON_naming_the_database_the_bus_and_the_pump_without_an_SMTP_check_on_the_pickup_folder()
    {
        await using var factory = new OrchestratorFactory();
        using var response = await factory.CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var report = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        var checks = report["checks"]!.AsObject();
        foreach (var check in new[] { "reviews-database", "workers-database", "deadline-pump", "masstransit-bus" })
        {
            Assert.Equal("Healthy", checks[check]?["status"]?.GetValue<string>());
        }

        Assert.False(checks.ContainsKey("smtp-gateway"));
    }

    [Fact]
    public async Task The_pump_is_unhealthy_after_three_intervals_without_a_completed_pass_and_healthy_again_after_one()
    {
        await using var factory = new OrchestratorFactory();
        _ = factory.Server;
        var pump = factory.Services.GetRequiredService<DeadlinePump>();
        var check = new DeadlinePumpHealthCheck(pump, Options.Create(new DeadlineOptions { PumpEnabled = true, PumpInterval = TimeSpan.FromSeconds(30) }), factory.Clock);

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        factory.Clock.Advance(TimeSpan.FromSeconds(91));
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        await pump.PumpOnce(CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(factory.Clock.GetUtcNow(), pump.LastCompletedPass);

        // Disabled here (something else drives it): healthy, whatever the time.
        var disabled = new DeadlinePumpHealthCheck(pump, Options.Create(new DeadlineOptions { PumpEnabled = false }), factory.Clock);
        factory.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HealthStatus.Healthy, (await disabled.CheckHealthAsync(new HealthCheckContext())).Status);
    }
}
