using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Tests;

namespace Orchestration.Orchestrator.Tests.Telemetry;

/// <summary>
/// Export by the standard variables alone: with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and <c>http/protobuf</c>) set,
/// the orchestrator's traces, metrics and logs reach an OTLP receiver (a listener on loopback standing in for the
/// collector) under <c>OTEL_SERVICE_NAME</c>, with no personal data.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_the_OTLP_endpoint_set_traces_metrics_and_logs_reach_the_collector_under_the_service_name()
    {
        var port = LoopbackPort.Free();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new List<(string Path, string Body)>();
        var listening = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (received)
                {
                    received.Add((context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(body.ToArray())));
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        });

        await using (var factory = OrchestratorFactory.With(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "cspr-orchestrator-under-test",
        }))
        {
            var client = new ReviewClient(factory.CreateClient());
            await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"));
            Assert.True(factory.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
            Assert.True(factory.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
            Assert.True(factory.Services.GetRequiredService<LoggerProvider>().ForceFlush(10_000));
        }

        collector.Stop();
        await listening;
        lock (received)
        {
            var traces = string.Concat(received.Where(r => r.Path == "/v1/traces").Select(r => r.Body));
            Assert.Contains("cspr-orchestrator-under-test", traces, StringComparison.Ordinal);
            Assert.Contains("review.transition", traces, StringComparison.Ordinal);
            Assert.Contains("outbox.publish", traces, StringComparison.Ordinal);
            var metrics = string.Concat(received.Where(r => r.Path == "/v1/metrics").Select(r => r.Body));
            Assert.Contains("cspr.review.transitions", metrics, StringComparison.Ordinal);
            Assert.Contains("cspr.reviews", metrics, StringComparison.Ordinal);
            Assert.Contains(received, r => r.Path == "/v1/logs");
            Assert.DoesNotContain(received, r => r.Body.Contains(Referrals.ChildName, StringComparison.Ordinal));
        }
    }
}
