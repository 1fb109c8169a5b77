using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Contracts;
using Orchestration.Infrastructure;
using Orchestration.Infrastructure.PersonalData;
using Orchestration.Orchestrator.Calendar;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Telemetry;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>The review lifecycle's services: database, saga, and the schema brought up to date at start.</summary>
public static class ReviewsRegistration
{
    /// <summary>The connection string used when none is configured: a SQLite file under the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=data/orchestrator.db";

    /// <summary>Registers the database and the procedure; call before the bus so the schema is migrated before it starts.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPersonalDataProtection(configuration);
        services.AddDatabase<ReviewsDbContext, PostgreSqlReviewsDbContext>(configuration, "Reviews", DefaultConnectionString, (provider, options) => options
            .AddInterceptors(provider.GetRequiredService<OutboxSignalInterceptor>())
            .UsePersonalDataProtection(provider.GetRequiredService<FieldProtector>()));
        services.Configure<DeadlineOptions>(configuration.GetSection(DeadlineOptions.Section));
        services.AddSingleton(provider => new ReviewProcedure(
            provider.GetRequiredService<ProfileCatalogue>(),
            provider.GetRequiredService<WorkingDayCalendar>(),
            provider.GetRequiredService<IOptions<DeadlineOptions>>().Value));
        services.AddHostedService<DatabaseMigrator<ReviewsDbContext>>();

        // After the migrator: the calendar change stored last is put in force before the bus starts.
        services.Configure<CalendarOptions>(configuration.GetSection(CalendarOptions.Section));
        services.AddSingleton<CalendarRevisions>();
        services.AddHostedService(provider => provider.GetRequiredService<CalendarRevisions>());
        services.AddScoped<CalendarChanges>();
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        var broker = !BusTransport.Read(configuration).PublishIsVolatile;
        if (broker && configuration[$"{OutboxOptions.Section}:{nameof(OutboxOptions.RecoverUnconsumedOnStart)}"] is null)
        {
            // A broker confirmed every publish the relay marked sent: there is nothing to recover at start.
            services.PostConfigure<OutboxOptions>(options => options.RecoverUnconsumedOnStart = false);
        }

        if (broker && configuration[$"{OutboxOptions.Section}:{nameof(OutboxOptions.CommandsMustBeRouted)}"] is null)
        {
            services.PostConfigure<OutboxOptions>(options => options.CommandsMustBeRouted = true);
        }
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxSignalInterceptor>();
        services.AddSingleton(provider =>
        {
            var inboxes = new InboxConsumers().Add(ReviewEventGate<object>.Consumer, ReviewSagaConsumes);
            if (configuration.GetValue<bool>("Diagnostics:CommandJournal"))
            {
                inboxes.Add(Diagnostics.CommandJournal.Consumer, type => type == typeof(SendStatutoryNotification) || type == typeof(SubmitToNspccRepository));
            }

            if (OrchestratorHosting.HostsWorkers(configuration))
            {
                // The ledger keeps no inbox here: it is idempotent by key (a retry by its number), so recovery sends its commands
                // again and it ignores repeats.
                inboxes.Add("delivery-ledger", type => type == typeof(SendStatutoryNotification) || type == typeof(SubmitToNspccRepository)
                    || type == typeof(RetryStatutoryNotification) || type == typeof(EraseDeliveryPersonalData));
            }

            return inboxes;
        });
        return services;
    }

    /// <summary>Whether the review saga consumes a contract (and so records it in its inbox).</summary>
    public static bool ReviewSagaConsumes(Type contract) =>
        typeof(IReviewEvent).IsAssignableFrom(contract) || contract == typeof(ReferralSubmitted);

    /// <summary>
    /// The outbox relay and the retention of outbox and inbox; call after AddMassTransit, so they start
    /// once the bus has (the bus's hosted service waits until it is started).
    /// </summary>
    public static IServiceCollection AddReviewOutbox(this IServiceCollection services)
    {
        services.AddOptions<MassTransitHostOptions>().Configure(options => options.WaitUntilStarted = true);
        services.AddOrchestratorMetrics();
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxRelay>());
        services.AddSingleton<OutboxCleanup>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxCleanup>());
        services.AddSingleton<DeadlinePump>();
        services.AddHostedService(provider => provider.GetRequiredService<DeadlinePump>());
        return services;
    }

    /// <summary>The review saga's queue.</summary>
    public const string ReviewsEndpoint = "reviews";

    /// <summary>
    /// Adds the review saga to the bus with our EF Core repository, on its own endpoint whose pipe is: the
    /// message retry outermost (so each attempt runs the gate again and reads the review afresh), the gate
    /// (already processed, duplicate event id, incomplete referral), then the saga with an in-memory outbox
    /// for its answers to requests (its published messages go through the transactional outbox).
    /// </summary>
    /// <param name="bus">The bus registration.</param>
    /// <param name="takeTurns">
    /// Whether messages for one review take turns in this process (<see cref="ReviewTurns"/>); off only in tests of the
    /// optimistic concurrency that collisions between instances rely on.
    /// </param>
    public static void AddReviewSaga(this IBusRegistrationConfigurator bus, bool takeTurns = true)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddOrchestratorMetrics();
        bus.AddSingleton<ReviewTurns>();
        bus.AddScoped<IAppliedEvents, TimelineAppliedEvents>();
        bus.AddSagaStateMachine<ReviewStateMachine, ReviewState>((context, saga) => saga.UseInMemoryOutbox(context))
            .DbContextRepository<ReviewState, ReviewsDbContext>()
            .Endpoint(endpoint => endpoint.Name = ReviewsEndpoint);
        bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
        {
            if (name != ReviewsEndpoint)
            {
                return;
            }

            // Two transitions of one review that collide (in two instances: within one they take turns): the loser's
            // transaction rolls back and it runs again, after a growing interval with jitter so that the two do not retry in step.
            endpoint.UseMessageRetry(retry =>
            {
                retry.Handle<DbUpdateException>();
                retry.Exponential(12, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(40));
            });
            if (takeTurns)
            {
                endpoint.UseConsumeFilter(typeof(ReviewTurnFilter<>), context);
            }

            endpoint.UseConsumeFilter(typeof(ReviewTransitionTelemetry<>), context);
            endpoint.UseConsumeFilter(typeof(ReviewEventGate<>), context);
        });
    }

    /// <summary>The bus configuration the reviews need on any transport.</summary>
    public static void ConfigureReviewTraffic(this IBusFactoryConfigurator config, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);

        // IReviewEvent is how the orchestrator reads events, not a message anyone subscribes to.
        config.Publish<IReviewEvent>(publish => publish.Exclude = true);
    }
}
