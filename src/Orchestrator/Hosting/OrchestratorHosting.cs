using MassTransit;
using Orchestration.Infrastructure;
using Orchestration.Orchestrator.Calendar;
using Orchestration.Orchestrator.Compliance;
using Orchestration.Orchestrator.Dashboard;
using Orchestration.Orchestrator.Diagnostics;
using Orchestration.Orchestrator.Input;
using Orchestration.Orchestrator.Profiles;
using Orchestration.Orchestrator.Reports;
using Orchestration.Orchestrator.Retention;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Security;
using Orchestration.Orchestrator.Telemetry;
using Orchestration.Workers;
using Scalar.AspNetCore;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>Composes the orchestrator's features; Program.cs only calls these two methods.</summary>
public static class OrchestratorHosting
{
    /// <summary>Whether this process hosts the workers (by default: on the in-memory transport, not on RabbitMQ).</summary>
    public const string WorkersInProcessKey = "Workers:InProcess";

    /// <summary>Whether the orchestrator hosts the workers: as configured, else only when the transport is in memory.</summary>
    public static bool HostsWorkers(IConfiguration configuration) =>
        configuration.GetValue<bool?>(WorkersInProcessKey) ?? BusTransport.Read(configuration).PublishIsVolatile;

    public static WebApplicationBuilder AddOrchestrator(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BusUnavailable>();
        builder.Services.AddExceptionHandler<PersonalDataUnreadable>();
        builder.Services.AddInputLimits(builder.Configuration);
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<OpenApiSecuritySchemes>());
        builder.Services.AddHealthChecks();
        builder.AddSecurity();
        builder.Services.AddStatutoryClock(builder.Configuration);
        var clock = ClockOptions.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(clock.CreateTimeProvider());
        builder.Services.AddReviews(builder.Configuration);
        builder.Services.AddDashboard(builder.Configuration);
        builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection(RetentionOptions.Section));
        builder.Services.AddSingleton<PersonalDataRetention>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<PersonalDataRetention>());
        builder.Services.Configure<DocumentStoreOptions>(builder.Configuration.GetSection(DocumentStoreOptions.Section));

        // The embedded default hosts the workers here too; the production shape runs them as their own process.
        var transport = BusTransport.Read(builder.Configuration);
        var hostWorkers = HostsWorkers(builder.Configuration);
        if (hostWorkers)
        {
            builder.Services.AddWorkers(builder.Configuration, recoverReportsOnStart: transport.PublishIsVolatile);
        }

        // The embedded default: an in-memory bus in this process; the production shape: RabbitMQ (Transport:Kind).
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

            bus.UsingConfiguredTransport(transport, (context, config) =>
            {
                config.ConfigureReviewTraffic(context);
            });
        });
        builder.Services.AddReviewOutbox();
        builder.AddOrchestratorTelemetry(hostWorkers);
        return builder;
    }

    public static WebApplication MapOrchestrator(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseInputLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAuthenticatedApiReference();
        app.MapOpenApi();
        app.MapScalarApiReference("/api/docs", options => options.WithTitle("Review orchestrator API"));
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", TelemetryRegistration.ReadinessOptions).AllowAnonymous();
        app.MapCalendarEndpoints();
        app.MapCalendarChangeEndpoints();
        app.MapProfileEndpoints();
        app.MapReviewEndpoints();
        app.MapComplianceEndpoints();
        app.MapReportEndpoints();
        app.MapDeadlineEndpoints();
        app.MapAccessLogEndpoints();
        app.MapApiKeyEndpoints();
        app.MapDashboardSignIn();
        app.MapErasureEndpoints();
        app.MapClockEndpoints(app.Services.GetRequiredService<ClockOptions>());
        app.MapDashboard();
        return app;
    }
}
