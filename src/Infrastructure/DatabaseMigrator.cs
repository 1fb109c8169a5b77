using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Orchestration.Infrastructure;

/// <summary>
/// Applies a database's pending migrations at start, before anything else uses it (register it before the bus
/// and the background services); on SQLite it first creates the file's folder and then turns on the write-ahead log.
/// </summary>
public sealed class DatabaseMigrator<TContext>(IServiceProvider services) : IHostedService
    where TContext : DbContext
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var database = scope.ServiceProvider.GetRequiredService<TContext>();
            if (database.Database.IsSqlite())
            {
                var builder = new SqliteConnectionStringBuilder(database.Database.GetConnectionString());
                var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
                if (!string.IsNullOrEmpty(directory) && builder.Mode != SqliteOpenMode.Memory)
                {
                    Directory.CreateDirectory(directory);
                }
            }

            if (database.Database.IsNpgsql())
            {
                await MigrateHoldingTheLock(database, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await database.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            if (database.Database.IsSqlite())
            {
                await database.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // EF's own migration lock lasts one migration's transaction: with several migrations pending, an instance starting
    // at the same moment as another can work out the same pending list and apply a migration the other has just
    // applied. A session advisory lock held across the whole run makes the second wait and then find nothing to do.
    private static async Task MigrateHoldingTheLock(TContext database, CancellationToken cancellationToken)
    {
        var key = "migrations:" + typeof(TContext).Name;
        await database.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await database.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(hashtext({0}))", [key], cancellationToken).ConfigureAwait(false);
            try
            {
                await database.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await database.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(hashtext({0}))", [key], CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await database.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Model conventions both databases share.</summary>
public static class ModelConventions
{
    /// <summary>
    /// SQLite cannot compare or order <see cref="DateTimeOffset"/> values in queries (retention, claims and listings
    /// need to); stored as UTC ticks they compare as numbers. Every instant the services write is UTC.
    /// </summary>
    public static void StoreInstantsAsTicks(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
                     .Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
        {
            property.SetValueConverter(new DateTimeOffsetToBinaryConverter());
        }
    }
}
