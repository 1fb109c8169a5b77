using MassTransit;
using Orchestration.Workers;

// The workers' own process, for the production shape: the delivery ledger, its dispatcher and reporter,
// and the consumer of the orchestrator's commands. On the embedded default the orchestrator hosts the same
// services itself (Workers:InProcess); the broker that connects separate processes is issue 6's.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddWorkers(builder.Configuration, recoverReportsOnStart: true);
builder.Services.AddMassTransit(bus =>
{
    bus.DisableUsageTelemetry();
    bus.AddWorkerConsumers();
    bus.UsingInMemory((context, config) => config.ConfigureEndpoints(context));
});

builder.Build().Run();
