using Microsoft.EntityFrameworkCore;
using Orchestration.Orchestrator.Tests.Persistence;
using Orchestration.Orchestrator.Tests.Reviews.Saga;
using Orchestration.Workers.Tests.Postgres;

namespace Orchestration.Orchestrator.Tests.Postgres;

/// <summary>
/// <see cref="ReviewSagaConcurrencyTests"/> on PostgreSQL: events for one review arriving together collide on the
/// version token (or the timeline's unique indexes) under PostgreSQL's row locks, are retried, and all apply once.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class ReviewSagaConcurrencyOnPostgreSqlTests : ReviewSagaConcurrencyScenarios, IAsyncLifetime
{
    private readonly ReviewSagaHarness harness;

    public ReviewSagaConcurrencyOnPostgreSqlTests(PostgresServer server)
        : this(new ReviewSagaHarness { FirstSaveDelay = FirstSaveDelay, TakeTurns = false, PostgreSql = server })
    {
    }

    private ReviewSagaConcurrencyOnPostgreSqlTests(ReviewSagaHarness harness)
        : base(harness) => this.harness = harness;

    public Task InitializeAsync() => harness.InitializeAsync();

    public Task DisposeAsync() => harness.DisposeAsync();
}

/// <summary><see cref="DbSagaRepositoryTests"/> (our saga repository's versions and conflicts) on PostgreSQL.</summary>
[Collection(PostgresTests.Name)]
public sealed class DbSagaRepositoryOnPostgreSqlTests(PostgresServer server) : DbSagaRepositoryTests
{
    private PostgresDatabase? database;

    protected override async Task<Action<DbContextOptionsBuilder>> Database()
    {
        database = await server.CreateDatabase("cases");
        var connectionString = database.ConnectionString;
        return options => options.UseNpgsql(connectionString);
    }

    protected override ValueTask ReleaseDatabase() => database?.DisposeAsync() ?? ValueTask.CompletedTask;
}
