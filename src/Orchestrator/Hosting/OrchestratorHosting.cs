using System.Text.Json.Serialization;
using MassTransit;
using Orchestration.Orchestrator.Calendar;
using Orchestration.Orchestrator.Profiles;

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

        // The embedded default: an in-memory bus in this process. The review saga and its consumers register here.
        builder.Services.AddMassTransit(bus => bus.UsingInMemory((context, config) => config.ConfigureEndpoints(context)));
        return builder;
    }

    public static WebApplication MapOrchestrator(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready");
        app.MapCalendarEndpoints();
        app.MapProfileEndpoints();
        return app;
    }
}
