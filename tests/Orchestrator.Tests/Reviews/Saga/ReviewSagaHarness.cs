using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Calendar;
using Orchestration.Orchestrator.Hosting;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Workers.Tests.Postgres;

namespace Orchestration.Orchestrator.Tests.Reviews.Saga;

/// <summary>
/// The review saga on MassTransit's own test harness (the one in the MassTransit package: AddMassTransitTestHarness,
/// ITestHarness), with our EF Core repository on a SQLite file of its own (or a PostgreSQL database of its own,
/// <see cref="PostgreSql"/>), the shipped calendar and profiles and a clock fixed at 30 June 2028. The bus is configured exactly as OrchestratorHosting configures the embedded bus.
/// One harness is shared by the tests of a class (or collection); each test works on review ids of its own.
/// </summary>
public sealed class ReviewSagaHarness : IAsyncLifetime
{
    /// <summary>"Today" for the saga: every business date the tests use is before it.</summary>
    public static readonly DateTimeOffset Now = new(2028, 6, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly MethodInfo RequestTypedMethod =
        typeof(ReviewSagaHarness).GetMethods().Single(m => m.Name == nameof(Request) && m.IsGenericMethodDefinition);

    private readonly string file = Path.Combine(Path.GetTempPath(), $"review-saga-{Guid.NewGuid():N}.db");
    private readonly ReceivedMessages received = new();
    private readonly SlowFirstSave saves = new();
    private ConnectHandle? receiveObserver;
    private PostgresDatabase? postgresDatabase;

    /// <summary>
    /// How long the first save of each event waits before it writes (none by default). A concurrency test sets it
    /// so that transitions dispatched together really overlap: on a small machine the CPU-bound in-memory pipeline
    /// otherwise tends to finish one before the next loads the review, and no conflict happens at all. Retries
    /// (later saves of the same event) are not slowed.
    /// </summary>
    public TimeSpan FirstSaveDelay
    {
        get => saves.Delay;
        init => saves.Delay = value;
    }

    /// <summary>
    /// Whether messages for one review take turns, as they do in one orchestrator process (the default). The concurrency
    /// tests turn it off to make the collisions that copies of one review's events meet between two instances.
    /// </summary>
    public bool TakeTurns { get; init; } = true;

    /// <summary>The PostgreSQL test server to keep the reviews on (a database of the harness's own), instead of a SQLite file.</summary>
    public PostgresServer? PostgreSql { get; init; }

    /// <summary>How many saves the version token (or the timeline's unique indexes) refused so far.</summary>
    public int Conflicts => saves.Conflicts;

    /// <summary>The container the harness and the saga run in.</summary>
    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>MassTransit's test harness.</summary>
    public ITestHarness Harness { get; private set; } = null!;

    /// <summary>The state machine instance the saga runs (the container's singleton).</summary>
    public ReviewStateMachine Machine => Services.GetRequiredService<ReviewStateMachine>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();

        // The harness would otherwise log every EF Core command to the console (it registers its own logger
        // factory with TryAdd); a silent one registered first keeps a few hundred transitions fast.
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));

        // The transactional outbox as the service has it: the relay publishes what transitions committed.
        services.Configure<OutboxOptions>(options => options.PollInterval = TimeSpan.FromMilliseconds(50));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxSignalInterceptor>();
        services.AddSingleton(new InboxConsumers().Add(ReviewEventGate<object>.Consumer, ReviewsRegistration.ReviewSagaConsumes));
        services.AddSingleton<OutboxRelay>();
        if (PostgreSql is not null)
        {
            postgresDatabase = await PostgreSql.CreateDatabase("saga");
            var connectionString = postgresDatabase.ConnectionString;
            services.AddDbContext<ReviewsDbContext, PostgreSqlReviewsDbContext>((provider, options) => options
                .UseNpgsql(connectionString)
                .AddInterceptors(saves, provider.GetRequiredService<OutboxSignalInterceptor>()));
        }
        else
        {
            services.AddDbContext<ReviewsDbContext>((provider, options) => options
                .UseSqlite($"Data Source={file}")
                .AddInterceptors(saves, provider.GetRequiredService<OutboxSignalInterceptor>()));
        }

        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton(_ => WorkingDayCalendar.FromFile(WorkingDayCalendar.ShippedDataPath));
        services.AddSingleton(_ => ProfileLoader.LoadDirectory(ProfileLoader.ShippedDirectory));
        services.AddSingleton<ReviewProcedure>();
        services.AddSingleton<CalendarRevisions>();

        // AddMassTransitTestHarness wraps the registration configurator: AddSagaStateMachine (called by
        // AddReviewSaga) also registers the saga's test harness, and because we call UsingInMemory ourselves the
        // harness does not add its default bus (UseDefaultBusFactory turns false), so the bus gets the
        // production configuration below. The harness sets an in-memory saga repository only as the default
        // provider; DbContextRepository registers ours explicitly, so the saga runs on SQLite.
        services.AddMassTransitTestHarness(bus =>
        {
            // The harness cancels itself after its test timeout (30 s by default) counted from the first use;
            // a fixture shared by a whole class needs longer.
            bus.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(5));
            bus.AddReviewSaga(TakeTurns);
            bus.UsingInMemory((context, config) =>
            {
                config.ConfigureReviewTraffic(context);
                config.ConfigureEndpoints(context);
            });
        });

        Services = services.BuildServiceProvider(validateScopes: true);

        // As the service's DatabaseMigrator does, before anything else touches the database.
        await using (var scope = Services.CreateAsyncScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            await database.Database.MigrateAsync();
            if (database.Database.IsSqlite())
            {
                await database.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }

        Harness = Services.GetRequiredService<ITestHarness>();
        await Harness.Start();
        await Services.GetRequiredService<OutboxRelay>().StartAsync(CancellationToken.None);
        receiveObserver = Harness.Bus.ConnectReceiveObserver(received);
    }

    public async Task DisposeAsync()
    {
        receiveObserver?.Disconnect();
        await Services.GetRequiredService<OutboxRelay>().StopAsync(CancellationToken.None);
        await Harness.Stop();
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(file + suffix);
        }

        if (postgresDatabase is not null)
        {
            await postgresDatabase.DisposeAsync();
        }
    }

    /// <summary>Publishes an event as its runtime type, optionally with a message id and a correlation id.</summary>
    public Task Publish(object message, Guid? messageId = null, Guid? correlationId = null) =>
        Harness.Bus.Publish(message, context =>
        {
            if (messageId is { } id)
            {
                context.MessageId = id;
            }

            if (correlationId is { } correlation)
            {
                context.CorrelationId = correlation;
            }
        });

    /// <summary>Sends an event of any contract type as a request (the harness's request client for its runtime type).</summary>
    public Task<BusAnswer> Request(object message, Guid? correlationId = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        return (Task<BusAnswer>)RequestTypedMethod.MakeGenericMethod(message.GetType()).Invoke(this, [message, correlationId])!;
    }

    /// <summary>Sends an event as a request through <see cref="ITestHarness.GetRequestClient{T}"/>; the answer is applied or rejected.</summary>
    public async Task<BusAnswer> Request<T>(T message, Guid? correlationId)
        where T : class
    {
        var client = Harness.GetRequestClient<T>();
        var response = await client.GetResponse<ReviewEventApplied, ReviewEventRejected>(message, request =>
        {
            if (correlationId is { } id)
            {
                request.UseExecute(context => context.CorrelationId = id);
            }
        });
        if (response.Is(out Response<ReviewEventApplied>? applied))
        {
            return new BusAnswer(applied.Message, null);
        }

        return response.Is(out Response<ReviewEventRejected>? rejected)
            ? new BusAnswer(null, rejected.Message)
            : throw new InvalidOperationException("The review answered with neither applied nor rejected.");
    }

    /// <summary>The review row as stored (deadlines included), or null.</summary>
    public async Task<ReviewState?> Review(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReviewsDbContext>().Reviews.AsNoTracking()
            .SingleOrDefaultAsync(r => r.CorrelationId == id);
    }

    /// <summary>The review's timeline as stored, oldest first.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> Timeline(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReviewsDbContext>().Timeline.AsNoTracking()
            .Where(t => t.ReviewId == id).OrderBy(t => t.Sequence).ToListAsync();
    }

    /// <summary>The stored referral of a review, or null.</summary>
    public async Task<ReferralRecord?> Referral(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReviewsDbContext>().Referrals.AsNoTracking()
            .SingleOrDefaultAsync(r => r.ReviewId == id);
    }

    /// <summary>
    /// Waits for a message of type <typeparamref name="T"/> the harness saw published. The harness's own waits end
    /// for good once the bus has been idle for its inactivity timeout, which a shared fixture reaches early, so
    /// this polls the published list until <paramref name="within"/> runs out.
    /// </summary>
    public async Task<T> Published<T>(Func<T, bool> predicate, TimeSpan? within = null)
        where T : class
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (FindPublished(predicate) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < until, $"No {typeof(T).Name} matching was published.");
            await Task.Delay(5);
        }
    }

    /// <summary>Every message of type <typeparamref name="T"/> the harness has seen published so far that matches.</summary>
    public IReadOnlyList<T> AllPublished<T>(Func<T, bool> predicate)
        where T : class
    {
        using var now = new CancellationTokenSource();
        now.Cancel();
        return [.. Harness.Published.Select<T>(m => predicate(m.Context.Message), now.Token).Select(m => m.Context.Message)];
    }

    /// <summary>Waits until the saga's endpoint has finished receiving the message with <paramref name="messageId"/> (consumed, dropped or faulted).</summary>
    public Task Received(Guid messageId, TimeSpan? within = null) => received.WaitFor(messageId, within ?? TimeSpan.FromSeconds(15));

    /// <summary>Polls the database until <paramref name="condition"/> holds for the review's timeline.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineWhen(Guid id, Func<IReadOnlyList<TimelineEntry>, bool> condition, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var timeline = await Timeline(id);
            if (condition(timeline) || DateTime.UtcNow > until)
            {
                return timeline;
            }

            await Task.Delay(10);
        }
    }

    /// <summary>
    /// What a rejection must leave alone: the whole stored review (state, key dates, deadlines, deliveries and the
    /// rest) except the timeline's length and head and the version, which the rejection's timeline entry moves.
    /// </summary>
    public static string Snapshot(ReviewState review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var snapshot = JsonSerializer.SerializeToNode(review)!.AsObject();
        snapshot.Remove(nameof(ReviewState.Version));
        snapshot.Remove(nameof(ReviewState.TimelineLength));
        snapshot.Remove(nameof(ReviewState.TimelineHead));
        snapshot[nameof(ReviewState.Deadlines)] = JsonSerializer.SerializeToNode(review.Deadlines.OrderBy(d => d.Id).ToList());
        return snapshot.ToJsonString();
    }

    private T? FindPublished<T>(Func<T, bool> predicate)
        where T : class
    {
        var found = AllPublished(predicate);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Counts refused saves and, when asked, holds back the first save of each event.</summary>
    private sealed class SlowFirstSave : SaveChangesInterceptor
    {
        private readonly ConcurrentDictionary<Guid, bool> saved = new();
        private int conflicts;

        public TimeSpan Delay { get; set; }

        public int Conflicts => Volatile.Read(ref conflicts);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(eventData);
            if (Delay > TimeSpan.Zero
                && eventData.Context!.ChangeTracker.Entries<TimelineEntry>().Any(e => e.State == EntityState.Added && e.Entity.EventId is { } id && saved.TryAdd(id, true)))
            {
                await Task.Delay(Delay, cancellationToken);
            }

            return result;
        }

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(eventData);
            if (eventData.Exception is DbUpdateException and not DbUpdateConcurrencyException)
            {
                Interlocked.Increment(ref conflicts);
            }

            return Task.CompletedTask;
        }

        public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
            ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref conflicts);
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Records the message ids each receive endpoint has finished with.</summary>
    private sealed class ReceivedMessages : IReceiveObserver
    {
        private readonly ConcurrentDictionary<Guid, bool> done = new();

        public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

        public Task PostReceive(ReceiveContext context) => Record(context);

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
            where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
            where T : class => Task.CompletedTask;

        public Task ReceiveFault(ReceiveContext context, Exception exception) => Record(context);

        public async Task WaitFor(Guid messageId, TimeSpan within)
        {
            var until = DateTime.UtcNow + within;
            while (!done.ContainsKey(messageId))
            {
                Assert.True(DateTime.UtcNow < until, $"Message {messageId} was never received.");
                await Task.Delay(5);
            }
        }

        private Task Record(ReceiveContext context)
        {
            if (context.GetMessageId() is { } id)
            {
                done[id] = true;
            }

            return Task.CompletedTask;
        }
    }
}

/// <summary>The orchestrator's answer to an event sent as a request.</summary>
public sealed record BusAnswer(ReviewEventApplied? Applied, ReviewEventRejected? Rejected);
