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
                await MigrateAloneOnPostgreSql(database, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Several instances starting together on one PostgreSQL database: with EF's own migration lock alone, a
    /// second instance was seen starting on the next of several pending migrations while the first was still
    /// applying it ("column already exists"). A session-level
    /// advisory lock, held on the connection the migrations run on, lets one instance apply them all while the
    /// others wait, then find nothing pending. A database that does not exist yet is left to EF to create.
    /// </summary>
    private static async Task MigrateAloneOnPostgreSql(TContext database, CancellationToken cancellationToken)
    {
        if (!await database.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false))
        {
            await database.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var key = AdvisoryLockKey(typeof(TContext).FullName!);
        await database.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await database.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({key})", cancellationToken).ConfigureAwait(false);
            try
            {
                await database.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await database.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key})", CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await database.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    // The same for every instance of one database's context, on any machine.
    private static long AdvisoryLockKey(string contextName) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("cspr-migrations:" + contextName)));
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
