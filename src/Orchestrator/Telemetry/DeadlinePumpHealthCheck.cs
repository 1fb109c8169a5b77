using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Telemetry;

/// <summary>
/// Ready while the deadline pump keeps passing: its last completed pass is no older than
/// <see cref="MissedPasses"/> intervals (counted from the start before its first pass). Healthy, saying so,
/// when the pump is disabled (<c>Deadlines:PumpEnabled=false</c>: something else drives it).
/// </summary>
public sealed class DeadlinePumpHealthCheck(DeadlinePump pump, IOptions<DeadlineOptions> options, TimeProvider time) : IHealthCheck
{
    /// <summary>How many intervals may pass without a completed pass before the pump counts as stuck.</summary>
    public const int MissedPasses = 3;

    private readonly DateTimeOffset createdAt = time.GetUtcNow();

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.PumpEnabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("the pump is disabled here"));
        }

        var last = pump.LastCompletedPass ?? createdAt;
        var age = time.GetUtcNow() - last;
        var allowed = settings.PumpInterval * MissedPasses;
        return Task.FromResult(age <= allowed
            ? HealthCheckResult.Healthy($"last pass {age.TotalSeconds:0} s ago")
            : HealthCheckResult.Unhealthy($"no completed pass for {age.TotalSeconds:0} s (more than {MissedPasses} intervals)"));
    }
}
