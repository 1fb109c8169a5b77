using System.Text.Json.Serialization;
using MassTransit;
using Orchestration.Orchestrator.Calendar;
using Orchestration.Orchestrator.Diagnostics;
using Orchestration.Orchestrator.Profiles;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Workers;
using Scalar.AspNetCore;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>Composes the orchestrator's features; Program.cs only calls these two methods.</summary>
public static class OrchestratorHosting
{
    /// <summary>Whether this process hosts the workers (true on the embedded default).</summary>
    public const string WorkersInProcessKey = "Workers:InProcess";

    public static WebApplicationBuilder AddOrchestrator(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks();
        builder.Services.AddStatutoryClock(builder.Configuration);
        var clock = ClockOptions.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(clock.CreateTimeProvider());
        builder.Services.AddReviews(builder.Configuration);
        builder.Services.Configure<Documents.DocumentOptions>(builder.Configuration.GetSection(Documents.DocumentOptions.Section));

        // The embedded default hosts the workers here too; the production shape runs them as their own process.
        var hostWorkers = builder.Configuration.GetValue(WorkersInProcessKey, true);
        if (hostWorkers)
        {
            builder.Services.AddWorkers(builder.Configuration, recoverReportsOnStart: true);
        }

        // The embedded default: an in-memory bus in this process, carrying the review saga.
        builder.Services.AddMassTransit(bus =>
        {
            // No usage telemetry leaves a service that holds children's case records.
            bus.DisableUsageTelemetry();
            bus.AddReviewSaga();
            if (hostWorkers)
            {
                bus.AddWorkerConsumers();
            }
            if (builder.Configuration.GetValue<bool>("Diagnostics:CommandJournal"))
            {
                bus.AddConsumer<CommandJournal, CommandJournalDefinition>();
            }

            bus.UsingInMemory((context, config) =>
            {
                config.ConfigureReviewTraffic(context);
                config.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddReviewOutbox();
        return builder;
    }

    public static WebApplication MapOrchestrator(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapScalarApiReference("/api/docs", options => options.WithTitle("Review orchestrator API"));
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready");
        app.MapCalendarEndpoints();
        app.MapProfileEndpoints();
        app.MapReviewEndpoints();
        app.MapDeadlineEndpoints();
        app.MapClockEndpoints(app.Services.GetRequiredService<ClockOptions>());
        return app;
    }
}
