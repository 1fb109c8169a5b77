using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orchestration.Infrastructure.Telemetry;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Workers;
using Orchestration.Workers.Telemetry;

namespace Orchestration.Orchestrator.Telemetry;

/// <summary>The orchestrator's traces, metrics, logs and readiness checks.</summary>
public static class TelemetryRegistration
{
    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> gives none.</summary>
    public const string ServiceName = "cspr-orchestrator";

    /// <summary>
    /// OpenTelemetry for the orchestrator (and the workers' spans and metrics when it hosts them): HTTP server
    /// spans and metrics, MassTransit's, and its own; readiness checks for the reviews database and the
    /// deadline pump beside MassTransit's own bus check.
    /// </summary>
    public static WebApplicationBuilder AddOrchestratorTelemetry(this WebApplicationBuilder builder, bool hostsWorkers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOrchestratorMetrics();
        string[] sources = hostsWorkers ? [OrchestratorTelemetry.Name, WorkersTelemetry.Name] : [OrchestratorTelemetry.Name];
        builder.Services.AddServiceTelemetry(builder.Configuration, builder.Logging, ServiceName, sources)
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(http =>
            {
                // Probes every few seconds would drown the traces that matter.
                http.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal);
            }))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation());
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck<ReviewsDbContext>>("reviews-database", tags: [WorkersRegistration.ReadyTag])
            .AddCheck<DeadlinePumpHealthCheck>("deadline-pump", tags: [WorkersRegistration.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Writes a health report as JSON: the overall status and each check's status and description (technical
    /// only: the checks never describe personal data).
    /// </summary>
    public static Task WriteHealthReport(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    /// <summary>The readiness endpoint's options: every check, answered as JSON.</summary>
    public static HealthCheckOptions ReadinessOptions { get; } = new() { ResponseWriter = WriteHealthReport };
}
