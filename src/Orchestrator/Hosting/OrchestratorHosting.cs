using System.Text.Json.Serialization;
using MassTransit;
using Orchestration.Orchestrator.Calendar;
using Orchestration.Orchestrator.Diagnostics;
using Orchestration.Orchestrator.Profiles;
using Orchestration.Orchestrator.Reviews;
using Scalar.AspNetCore;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>Composes the orchestrator's features; Program.cs only calls these two methods.</summary>
public static class OrchestratorHosting
{
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

        // The embedded default: an in-memory bus in this process, carrying the review saga.
        builder.Services.AddMassTransit(bus =>
        {
            // No usage telemetry leaves a service that holds children's case records.
            bus.DisableUsageTelemetry();
            bus.AddReviewSaga();
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
