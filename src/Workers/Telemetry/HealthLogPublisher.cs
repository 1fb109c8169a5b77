using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestration.Workers.Telemetry;

/// <summary>
/// For the workers' own process, which serves no HTTP: writes the readiness checks' result to the log (and so to
/// the collector) whenever it changes, each check by name and status, every check run by the host's health check
/// publisher (every 30 seconds).
/// </summary>
public sealed partial class HealthLogPublisher(ILogger<HealthLogPublisher> logger) : IHealthCheckPublisher
{
    private string? last;

    /// <inheritdoc />
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var summary = string.Join(", ", report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value.Status}"));
        if (summary != last)
        {
            last = summary;
            if (report.Status == HealthStatus.Healthy)
            {
                LogHealthy(logger, summary);
            }
            else
            {
                LogUnhealthy(logger, report.Status.ToString(), summary);
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "The workers are ready: {Checks}.")]
    private static partial void LogHealthy(ILogger logger, string checks);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "The workers are {Status}: {Checks}.")]
    private static partial void LogUnhealthy(ILogger logger, string status, string checks);
}
