using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orchestration.Infrastructure.Telemetry;

/// <summary>How the services export their telemetry (configuration section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telemetry";

    /// <summary>
    /// Also write spans, metrics and log records to standard output (development only: it is verbose). OTLP
    /// export is configured by the standard <c>OTEL_*</c> environment variables, not here.
    /// </summary>
    public bool Console { get; set; }
}

/// <summary>
/// OpenTelemetry for both processes: traces (MassTransit's spans and the service's own), metrics and log
/// records, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (protocol, headers, service
/// name and resource attributes by the other standard <c>OTEL_*</c> variables), to the console when
/// <c>Telemetry:Console</c> is true. When neither is configured nothing is exported, no span is sampled and log
/// records do not go through OpenTelemetry; the instruments still count, for in-process listeners (the tests).
/// </summary>
public static class ServiceTelemetry
{
    /// <summary>The activity source and meter MassTransit publishes its own spans and metrics on.</summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary>The standard variable that turns OTLP export on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Registers tracing, metrics and logging for a service named <paramref name="serviceName"/> (unless
    /// <c>OTEL_SERVICE_NAME</c> names it), listening to <paramref name="sources"/> (activity sources and meters
    /// of the same names) and MassTransit's. Returns the builder so a host can add its own instrumentation.
    /// </summary>
    public static OpenTelemetryBuilder AddServiceTelemetry(
        this IServiceCollection services, IConfiguration configuration, ILoggingBuilder logging, string serviceName, params string[] sources)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logging);
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.Configure<TelemetryOptions>(configuration.GetSection(TelemetryOptions.Section));
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
        var exporting = otlp || options.Console;

        // Log records carry the trace and span ids of the span they were written in, on every provider.
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(serviceName);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource([.. sources, MassTransitSource]);
                if (!exporting)
                {
                    // Nothing would leave the process: record no spans at all rather than build them for nobody
                    // (a listener added in process, such as a test's exporter, sets its own sampler).
                    tracing.SetSampler(new AlwaysOffSampler());
                }

                if (options.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. sources, MassTransitSource]);
                if (options.Console)
                {
                    metrics.AddConsoleExporter();
                }
            });
        if (exporting)
        {
            // Log records through OpenTelemetry only when they go somewhere; the host's own console logger stays.
            telemetry.WithLogging(
                log =>
                {
                    if (options.Console)
                    {
                        log.AddConsoleExporter();
                    }
                },
                log =>
                {
                    log.IncludeScopes = true;
                    log.IncludeFormattedMessage = true;
                });
        }

        if (otlp)
        {
            // Traces, metrics and logs to the collector; endpoint, protocol and headers from the OTEL_* variables.
            telemetry.UseOtlpExporter();
        }

        return telemetry;
    }
}
