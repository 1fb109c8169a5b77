using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestration.Domain.Profiles;
using Orchestration.Infrastructure;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Telemetry;

namespace Orchestration.Benchmarks.Pump;

/// <summary>
/// The real <see cref="DeadlinePump"/> on the real schema (migrated by <see cref="DatabaseMigrator{TContext}"/>, a
/// SQLite file in WAL mode) and a clock the benchmark moves, with no bus: what the pump writes to the outbox stays
/// there, so nothing else competes with the pump while it is measured. Records when each firing batch committed.
/// </summary>
public sealed class PumpHost : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly string folder;

    private PumpHost(ServiceProvider services, string folder, FakeTimeProvider clock)
    {
        this.services = services;
        this.folder = folder;
        Clock = clock;
    }

    /// <summary>The pump's clock.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The pump.</summary>
    public DeadlinePump Pump => services.GetRequiredService<DeadlinePump>();

    /// <summary>When each firing transaction committed and how many events it wrote.</summary>
    public CommitRecorder Commits { get; } = new();

    /// <summary>The SQLite connection string of the ledger.</summary>
    public string ConnectionString => $"Data Source={Path.Combine(folder, "orchestrator.db")}";

    /// <summary>A migrated, empty ledger.</summary>
    public static async Task<PumpHost> Start(DateTimeOffset now)
    {
        var folder = Directory.CreateTempSubdirectory("bench-pump-").FullName;
        var clock = new FakeTimeProvider(now);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Reviews"] = $"Data Source={Path.Combine(folder, "orchestrator.db")}",
        }).Build();
        var services = new ServiceCollection();
        var host = default(PumpHost);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxSignalInterceptor>();
        services.Configure<DeadlineOptions>(_ => { });
        services.AddSingleton<DeadlinePump>();
        services.AddOrchestratorMetrics();
        services.AddDatabase<ReviewsDbContext, PostgreSqlReviewsDbContext>(configuration, "Reviews", string.Empty, (provider, options) => options
            .AddInterceptors(provider.GetRequiredService<OutboxSignalInterceptor>(), host!.Commits));
        var provider = services.BuildServiceProvider();
        host = new PumpHost(provider, folder, clock);
        await new DatabaseMigrator<ReviewsDbContext>(provider).StartAsync(CancellationToken.None).ConfigureAwait(false);
        return host;
    }

    /// <summary>
    /// Inserts <paramref name="count"/> open deadlines in one transaction, straight into the table (as the saga would
    /// have armed them), due on the dates <paramref name="dueOn"/> gives for each index, reminding on
    /// <paramref name="approachingOn"/>'s date (null: no reminder).
    /// </summary>
    public async Task Insert(int count, Func<int, DateOnly> dueOn, Func<int, DateOnly?> approachingOn)
    {
        ArgumentNullException.ThrowIfNull(dueOn);
        ArgumentNullException.ThrowIfNull(approachingOn);
        // The deadlines belong to reviews that are not in the table (only the ledger is measured): no foreign key check.
        var connection = new SqliteConnection(ConnectionString + ";Foreign Keys=False");
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO deadlines ("Id", "ReviewId", "Partnership", "Key", "Rule", "Name", "SatisfiedBy", "Anchor", "AnchorOn", "DueOn",
                        "Derivation", "Status", "ArmedOn", "ApproachingOn")
                    VALUES ($id, $review, $partnership, 'rapid-review', 'N5', 'Rapid Review report to the National Panel', $satisfied, $anchor, $anchorOn, $dueOn,
                        '15 working days from the notification', 'Open', $anchorOn, $approachingOn)
                    """;
                var id = insert.Parameters.Add("$id", SqliteType.Text);
                var review = insert.Parameters.Add("$review", SqliteType.Text);
                var partnership = insert.Parameters.Add("$partnership", SqliteType.Text);
                insert.Parameters.AddWithValue("$satisfied", nameof(Milestone.ReferralReceived));
                insert.Parameters.AddWithValue("$anchor", nameof(TimetableAnchor.BecameAware));
                var anchorOn = insert.Parameters.Add("$anchorOn", SqliteType.Text);
                var due = insert.Parameters.Add("$dueOn", SqliteType.Text);
                var approaching = insert.Parameters.Add("$approachingOn", SqliteType.Text);
                insert.Prepare();
                string[] partnerships = ["national", "warrington", "gloucestershire", "llr", "darlington", "northamptonshire"];
                var reviewId = Guid.Empty;
                for (var i = 0; i < count; i++)
                {
                    if (i % 8 == 0)
                    {
                        reviewId = Guid.NewGuid();
                    }

                    // Sequential ids, as a bulk load would have them: the primary key grows at its end.
                    id.Value = MassTransit.NewId.NextSequentialGuid().ToString().ToUpperInvariant();
                    review.Value = reviewId.ToString().ToUpperInvariant();
                    partnership.Value = partnerships[i % partnerships.Length];
                    var on = dueOn(i);
                    due.Value = on.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    anchorOn.Value = on.AddDays(-21).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    approaching.Value = approachingOn(i) is { } a ? a.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : DBNull.Value;
                    insert.ExecuteNonQuery();
                }

                await transaction.CommitAsync().ConfigureAwait(false);
            }

            var analyze = connection.CreateCommand();
            await using (analyze.ConfigureAwait(false))
            {
                analyze.CommandText = "PRAGMA optimize;";
                await analyze.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>SQLite's plan for the pump's query of breaches due, to show it seeks the (status, due) index.</summary>
    public async Task<string> MissedQueryPlan()
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        var today = new DateOnly(2028, 6, 30);
        var sql = database.Deadlines.AsNoTracking()
            .Where(d => d.Status == DeadlineStatus.Open && d.DueOn < today && d.MissedFiredAt == null)
            .OrderBy(d => d.DueOn).Take(500).Select(d => new { d.Id, d.ReviewId, d.Rule, d.DueOn }).ToQueryString();
        var connection = new SqliteConnection(ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var explain = connection.CreateCommand();
            await using (explain.ConfigureAwait(false))
            {
                // ToQueryString declares its parameters as .param set lines; inline them for EXPLAIN.
                var lines = sql.Split('\n');
                var body = string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
                foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
                {
                    var parts = line[".param set ".Length..].Trim().Split(' ', 2);
                    body = body.Replace(parts[0], parts[1], StringComparison.Ordinal);
                }

                explain.CommandText = "EXPLAIN QUERY PLAN " + body;
                var plan = new List<string>();
                await using var reader = await explain.ExecuteReaderAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    plan.Add(reader.GetString(3));
                }

                return string.Join("; ", plan);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

/// <summary>Records, for each committed transaction, when it committed and how many outbox rows its last save added.</summary>
public sealed class CommitRecorder : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly List<(long Timestamp, int Events)> commits = [];
    private int pending;

    /// <summary>The commits so far: the <see cref="Stopwatch"/> timestamp and the events written.</summary>
    public IReadOnlyList<(long Timestamp, int Events)> Commits
    {
        get
        {
            lock (commits)
            {
                return [.. commits];
            }
        }
    }

    /// <summary>Forgets what was recorded.</summary>
    public void Clear()
    {
        lock (commits)
        {
            commits.Clear();
        }
    }

    /// <inheritdoc />
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        pending = eventData.Context!.ChangeTracker.Entries<OutboxMessage>().Count(e => e.State == EntityState.Added);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var now = Stopwatch.GetTimestamp();
        lock (commits)
        {
            commits.Add((now, Interlocked.Exchange(ref pending, 0)));
        }

        return Task.CompletedTask;
    }
}
