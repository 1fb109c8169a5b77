using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestration.Infrastructure;
using Orchestration.Orchestrator.Hosting;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Benchmarks.Saga;

/// <summary>A running bus with the review saga on it, which the driver publishes to.</summary>
public interface ISagaHost : IAsyncDisposable
{
    /// <summary>The bus the host runs.</summary>
    IBus Bus { get; }

    /// <summary>The saga's queue, to send the scripted events to.</summary>
    Task<ISendEndpoint> Queue();

    /// <summary>Knows when the saga's endpoint has finished with each published event.</summary>
    CompletionTracker Tracker { get; }

    /// <summary>How many of <paramref name="reviews"/> stand in <paramref name="state"/>.</summary>
    Task<int> CountInState(IReadOnlyList<Guid> reviews, string state);
}

/// <summary>
/// The orchestrator as it ships on the embedded default (<see cref="OrchestratorHosting.AddOrchestrator"/>): the
/// in-memory transport, our EF Core saga repository on a SQLite file (WAL, the connection's default synchronous
/// setting, as <see cref="DatabaseMigrator{TContext}"/> leaves it), the review gate with its inbox, the
/// transactional outbox and its relay. Differences, each to isolate the saga: the workers are not hosted here
/// (the relay publishes their commands to no one), the deadline pump does not run on its own, the clock stands at
/// <see cref="ReviewScripts.Now"/>, and HTTP listens on a free port no one calls.
/// </summary>
public sealed class EmbeddedOrchestratorHost : ISagaHost
{
    private readonly WebApplication app;
    private readonly ConnectHandle observer;

    private EmbeddedOrchestratorHost(WebApplication app, string folder)
    {
        this.app = app;
        Folder = folder;
        Bus = app.Services.GetRequiredService<IBus>();
        observer = Bus.ConnectReceiveObserver(Tracker);
    }

    /// <summary>Where the host keeps its files.</summary>
    public string Folder { get; }

    /// <summary>The SQLite file the reviews are kept in.</summary>
    public string DatabaseFile => Path.Combine(Folder, "orchestrator.db");

    /// <summary>The service provider, for benchmarks that reach into the orchestrator (the pump).</summary>
    public IServiceProvider Services => app.Services;

    /// <inheritdoc />
    public IBus Bus { get; }

    /// <inheritdoc />
    public CompletionTracker Tracker { get; } = new();

    /// <summary>Starts the orchestrator in a new temporary folder, with <paramref name="extra"/> laid over the settings.</summary>
    public static async Task<EmbeddedOrchestratorHost> Start(IReadOnlyDictionary<string, string?>? extra = null, TimeProvider? time = null,
        Action<IServiceCollection>? services = null)
    {
        var folder = Directory.CreateTempSubdirectory("bench-orchestrator-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Reviews"] = $"Data Source={Path.Combine(folder, "orchestrator.db")}",
            ["ConnectionStrings:Workers"] = $"Data Source={Path.Combine(folder, "workers.db")}",
            ["Documents:Path"] = Path.Combine(folder, "documents"),
            ["Email:PickupDirectory"] = Path.Combine(folder, "mail-pickup"),
            [OrchestratorHosting.WorkersInProcessKey] = "false",
            ["Deadlines:PumpEnabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddOrchestrator();
        builder.Services.AddSingleton(time ?? new FakeTimeProvider(ReviewScripts.Now));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapOrchestrator();
        await app.StartAsync().ConfigureAwait(false);
        return new EmbeddedOrchestratorHost(app, folder);
    }

    /// <inheritdoc />
    public Task<ISendEndpoint> Queue() => Bus.GetSendEndpoint(new Uri($"queue:{ReviewsRegistration.ReviewsEndpoint}"));

    /// <inheritdoc />
    public async Task<int> CountInState(IReadOnlyList<Guid> reviews, string state)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        var count = 0;
        foreach (var chunk in reviews.Chunk(500))
        {
            count += await database.Reviews.AsNoTracking().IgnoreAutoIncludes()
                .CountAsync(r => chunk.Contains(r.CorrelationId) && r.CurrentState == state).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>How many timeline entries record a rejected event.</summary>
    public async Task<int> Rejections()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        return await database.Timeline.AsNoTracking().CountAsync(t => t.Outcome == TimelineEntry.Rejected).ConfigureAwait(false);
    }

    /// <summary>The journal mode and synchronous setting of the orchestrator's own connections, as SQLite reports them.</summary>
    public async Task<(string JournalMode, string Synchronous)> SqliteSettings()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        var connection = database.Database.GetDbConnection();
        await connection.OpenAsync().ConfigureAwait(false);
        return (await RawSqlite.Pragma(connection, "journal_mode").ConfigureAwait(false),
            RawSqlite.SynchronousName(await RawSqlite.Pragma(connection, "synchronous").ConfigureAwait(false)));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        observer.Disconnect();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temporary folder; it is not worth failing a benchmark for.
        }
    }
}

/// <summary>
/// The baseline: MassTransit's own saga with the same <see cref="ReviewStateMachine"/>, the same calendar, profiles
/// and clock, on the same in-memory transport configured the same way, with MassTransit's in-memory saga repository
/// (<c>.InMemoryRepository()</c>): no database, no gate, no outbox.
/// </summary>
public sealed class InMemoryRepositoryHost : ISagaHost
{
    private readonly ServiceProvider services;
    private readonly IBusControl control;
    private readonly ConnectHandle observer;

    private readonly string queue;

    private InMemoryRepositoryHost(ServiceProvider services, string queue)
    {
        this.services = services;
        this.queue = queue;
        control = services.GetRequiredService<IBusControl>();
        Bus = control;
        observer = Bus.ConnectReceiveObserver(Tracker);
    }

    /// <inheritdoc />
    public IBus Bus { get; }

    /// <inheritdoc />
    public CompletionTracker Tracker { get; } = new();

    /// <inheritdoc />
    public Task<ISendEndpoint> Queue() => Bus.GetSendEndpoint(new Uri($"queue:{queue}"));

    /// <summary>
    /// Builds and starts the bus: in memory, or on the broker <paramref name="transport"/> names, configured as the
    /// orchestrator configures its own (<see cref="BusTransport.UsingConfiguredTransport"/>), with the saga on a queue
    /// of its own (<paramref name="queue"/>) so that it can share a broker with the orchestrator.
    /// </summary>
    public static async Task<InMemoryRepositoryHost> Start(TransportOptions? transport = null, string queue = "reviews-inmemory-repository")
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(ReviewScripts.Now));
        services.AddStatutoryClock(configuration);
        services.AddSingleton<ReviewProcedure>();

        // The review asks whether it has applied an event already; this repository keeps no timeline to ask.
        services.AddSingleton<IAppliedEvents, NoTimeline>();
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddSagaStateMachine<ReviewStateMachine, ReviewState>((context, saga) => saga.UseInMemoryOutbox(context))
                .InMemoryRepository()
                .Endpoint(endpoint => endpoint.Name = queue);
            bus.UsingConfiguredTransport(transport ?? new TransportOptions(), (context, config) => config.ConfigureReviewTraffic(context));
        });
        var provider = services.BuildServiceProvider();
        var host = new InMemoryRepositoryHost(provider, queue);
        await host.control.StartAsync().ConfigureAwait(false);
        return host;
    }

    /// <inheritdoc />
    public async Task<int> CountInState(IReadOnlyList<Guid> reviews, string state)
    {
        var repository = services.GetRequiredService<ILoadSagaRepository<ReviewState>>();
        var count = 0;
        foreach (var id in reviews)
        {
            if ((await repository.Load(id).ConfigureAwait(false))?.CurrentState == state)
            {
                count++;
            }
        }

        return count;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        observer.Disconnect();
        await control.StopAsync().ConfigureAwait(false);
        await services.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class NoTimeline : IAppliedEvents
    {
        public Task<bool> Contains(Guid reviewId, Guid eventId, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
