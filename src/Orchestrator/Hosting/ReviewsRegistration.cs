using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>The review lifecycle's services: database, saga, and the schema brought up to date at start.</summary>
public static class ReviewsRegistration
{
    /// <summary>The connection string used when none is configured: a SQLite file under the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=data/orchestrator.db";

    /// <summary>Registers the database and the procedure; call before the bus so the schema is migrated before it starts.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Reviews") ?? DefaultConnectionString;
        services.AddDbContext<ReviewsDbContext>(options => options.UseSqlite(connectionString));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ReviewProcedure>();
        services.AddHostedService<DatabaseMigrator>();
        return services;
    }

    /// <summary>Adds the review saga to the bus with our EF Core repository.</summary>
    public static void AddReviewSaga(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddSagaStateMachine<ReviewStateMachine, ReviewState>((context, saga) => saga.UseInMemoryOutbox(context))
            .DbContextRepository<ReviewState, ReviewsDbContext>();
    }

    /// <summary>
    /// The bus configuration the reviews need, on any transport: the message retry outermost (so each attempt
    /// runs the gate again and reads the review afresh), then the gate (duplicates and incomplete referrals).
    /// </summary>
    public static void ConfigureReviewTraffic(this IBusFactoryConfigurator config, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Publish<IReviewEvent>(publish => publish.Exclude = true);

        // Two transitions of one review that collide: the loser's transaction rolls back and it runs again.
        config.UseMessageRetry(retry =>
        {
            retry.Handle<DbUpdateException>();
            retry.Intervals(10, 50, 100, 250, 500, 1000, 2000, 4000);
        });
        config.UseConsumeFilter(typeof(ReviewEventGate<>), context);
    }

    /// <summary>Applies pending migrations and turns on SQLite's write-ahead log before anything else uses the database.</summary>
    private sealed class DatabaseMigrator(IServiceProvider services) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var scope = services.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
                if (database.Database.IsSqlite())
                {
                    var builder = new SqliteConnectionStringBuilder(database.Database.GetConnectionString());
                    var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
                    if (!string.IsNullOrEmpty(directory) && builder.Mode != SqliteOpenMode.Memory)
                    {
                        Directory.CreateDirectory(directory);
                    }
                }

                await database.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
                if (database.Database.IsSqlite())
                {
                    await database.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
