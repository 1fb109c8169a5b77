using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestration.Infrastructure;
using Orchestration.Infrastructure.PersonalData;
using Orchestration.Workers.Email;
using Orchestration.Infrastructure.Telemetry;
using Orchestration.Workers.Ledger;
using Orchestration.Workers.Telemetry;

namespace Orchestration.Workers;

/// <summary>The workers' services, for whichever process hosts them (their own, or the orchestrator on the embedded default).</summary>
public static class WorkersRegistration
{
    /// <summary>The ledger's database when none is configured: a SQLite file under the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=data/workers.db";

    /// <summary>The tag of the health checks that say whether the workers can do their work.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Registers the ledger, the channel, templates, recipients, the dispatcher and the reporter. Call before
    /// the bus, so the ledger's schema is brought up to date before commands arrive.
    /// </summary>
    /// <param name="recoverReportsOnStart">True on the in-memory transport, where a report published just before a crash can be lost.</param>
    public static IServiceCollection AddWorkers(this IServiceCollection services, IConfiguration configuration, bool recoverReportsOnStart)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPersonalDataProtection(configuration);
        services.AddDatabase<WorkersDbContext, PostgreSqlWorkersDbContext>(configuration, "Workers", DefaultConnectionString, (provider, options) => options
            .UsePersonalDataProtection(provider.GetRequiredService<FieldProtector>()));
        services.Configure<DeliveryOptions>(configuration.GetSection(DeliveryOptions.Section));
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.Configure<RecipientOptions>(configuration.GetSection(RecipientOptions.Section));
        services.Configure<TemplateOptions>(configuration.GetSection(TemplateOptions.Section));
        services.Configure<DocumentStoreOptions>(configuration.GetSection(DocumentStoreOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DeliverySignals>();
        services.AddSingleton<RecipientDirectory>();
        services.AddSingleton<TemplateLibrary>();
        services.AddScoped<MessageComposer>();
        services.AddSingleton<IMailChannel>(provider => provider.GetRequiredService<IOptions<EmailOptions>>().Value.Channel == EmailChannelKind.Smtp
            ? ActivatorUtilities.CreateInstance<SmtpChannel>(provider)
            : ActivatorUtilities.CreateInstance<PickupFolderChannel>(provider));
        services.AddHostedService<DatabaseMigrator<WorkersDbContext>>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryDispatcher>());
        services.AddSingleton(provider => new OutcomeReporter(
            provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<IBus>(), provider.GetRequiredService<DeliverySignals>(),
            provider.GetRequiredService<IOptionsMonitor<DeliveryOptions>>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<OutcomeReporter>>()) { RecoverOnStart = recoverReportsOnStart });
        services.AddHostedService(provider => provider.GetRequiredService<OutcomeReporter>());
        services.AddMetrics();
        services.AddSingleton<WorkersMetrics>();
        var health = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck<WorkersDbContext>>("workers-database", tags: [ReadyTag]);
        if (configuration.GetSection(EmailOptions.Section).Get<EmailOptions>()?.Channel == EmailChannelKind.Smtp)
        {
            services.AddSingleton<SmtpGatewayHealthCheck>();
            health.AddCheck<SmtpGatewayHealthCheck>("smtp-gateway", tags: [ReadyTag]);
        }

        return services;
    }

    /// <summary>Adds the workers' consumer on its own queue: commands go into the ledger, never twice.</summary>
    public static void AddWorkerConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<DeliveryRequestConsumer>(consumer => consumer.UseMessageRetry(retry =>
        {
            retry.Ignore<InvalidDeliveryRequestException>();
            retry.Intervals(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));
        })).Endpoint(endpoint => endpoint.Name = DeliveryRequestConsumer.Endpoint);
    }
}
