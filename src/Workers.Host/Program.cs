using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestration.Contracts;
using Orchestration.Infrastructure;
using Orchestration.Infrastructure.Telemetry;
using Orchestration.Workers;
using Orchestration.Workers.Telemetry;

// The workers' own process, for the production shape: the delivery ledger, its dispatcher and reporter, and
// the consumer of the orchestrator's commands, on the transport configured (RabbitMQ to reach an orchestrator
// in another process; the in-memory transport only serves a process on its own).
var builder = Host.CreateApplicationBuilder(args);
var transport = BusTransport.Read(builder.Configuration);
builder.Services.AddWorkers(builder.Configuration, recoverReportsOnStart: transport.PublishIsVolatile);
builder.Services.AddMassTransit(bus =>
{
    // No usage telemetry leaves a service that works for children's case records.
    bus.DisableUsageTelemetry();
    bus.AddWorkerConsumers();
    bus.UsingConfiguredTransport(transport, (context, config) =>
    {
        // IReviewEvent is how the orchestrator reads events, not a message anyone subscribes to.
        config.Publish<IReviewEvent>(publish => publish.Exclude = true);
    });
});
builder.Services.AddOptions<MassTransitHostOptions>().Configure(options => options.WaitUntilStarted = true);
builder.Services.AddServiceTelemetry(builder.Configuration, builder.Logging, "cspr-workers", WorkersTelemetry.Name);

// No HTTP here: the readiness checks (ledger, bus, SMTP gateway) are logged whenever their result changes.
builder.Services.AddSingleton<IHealthCheckPublisher, HealthLogPublisher>();

builder.Build().Run();
