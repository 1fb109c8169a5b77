using Microsoft.EntityFrameworkCore;
using Orchestration.Infrastructure;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Workers.Ledger;
using Orchestration.Workers.Tests.Postgres;

namespace Orchestration.Orchestrator.Tests.Postgres;

/// <summary>
/// Fresh PostgreSQL databases on the test server for one orchestrator, or for several instances sharing them:
/// its reviews and its in-process workers' ledger; dropped at the end. The counterpart of the SQLite
/// <see cref="Durability.DatabaseFile"/>.
/// </summary>
public sealed class PostgresStore : IAsyncDisposable
{
    private PostgresStore(PostgresDatabase reviews, PostgresDatabase workers)
    {
        Reviews = reviews;
        Workers = workers;
    }

    /// <summary>The orchestrator's database.</summary>
    public PostgresDatabase Reviews { get; }

    /// <summary>The workers' ledger.</summary>
    public PostgresDatabase Workers { get; }

    /// <summary>Creates both databases on <paramref name="server"/>.</summary>
    public static async Task<PostgresStore> Create(PostgresServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new PostgresStore(await server.CreateDatabase("reviews"), await server.CreateDatabase("workers"));
    }

    /// <summary>Configuration that points an orchestrator (and its in-process workers) at these databases.</summary>
    public Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [DatabaseRegistration.ProviderKey] = nameof(DatabaseProvider.PostgreSQL),
            ["ConnectionStrings:Reviews"] = Reviews.ConnectionString,
            ["ConnectionStrings:Workers"] = Workers.ConnectionString,
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A context on the orchestrator's database, outside any orchestrator.</summary>
    public ReviewsDbContext Context() =>
        new PostgreSqlReviewsDbContext(new DbContextOptionsBuilder<PostgreSqlReviewsDbContext>().UseNpgsql(Reviews.ConnectionString).Options);

    /// <summary>A context on the workers' ledger, outside any orchestrator.</summary>
    public WorkersDbContext Ledger() =>
        new PostgreSqlWorkersDbContext(new DbContextOptionsBuilder<PostgreSqlWorkersDbContext>().UseNpgsql(Workers.ConnectionString).Options);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Reviews.DisposeAsync();
        await Workers.DisposeAsync();
    }
}
