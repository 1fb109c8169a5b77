using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Orchestration.Benchmarks.Saga;

/// <summary>
/// The raw SQLite baseline: one-row commits (an UPDATE of one row, each its own transaction) on a file in the same
/// folder kind, with the same journal mode (WAL) and the connection's default synchronous setting, exactly as the
/// orchestrator's migrator leaves its own database. This is the best a one-commit-per-event design could do.
/// </summary>
public static class RawSqlite
{
    /// <summary>Commits per second over about <paramref name="duration"/>, and the synchronous setting in force.</summary>
    public static async Task<(double CommitsPerSecond, string Synchronous)> OneRowCommitRate(TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("bench-sqlite-").FullName;
        try
        {
            var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "raw.db")};Pooling=False");
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync().ConfigureAwait(false);
                await Execute(connection, "PRAGMA journal_mode=WAL;").ConfigureAwait(false);
                await Execute(connection, "CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0);").ConfigureAwait(false);
                var synchronous = SynchronousName(await Pragma(connection, "synchronous").ConfigureAwait(false));
                var update = connection.CreateCommand();
                await using (update.ConfigureAwait(false))
                {
                    update.CommandText = "UPDATE counter SET value = value + 1 WHERE id = 1;";
                    update.Prepare();
                    var commits = 0;
                    var clock = Stopwatch.StartNew();
                    while (clock.Elapsed < duration)
                    {
                        await update.ExecuteNonQueryAsync().ConfigureAwait(false);
                        commits++;
                    }

                    return (commits / clock.Elapsed.TotalSeconds, synchronous);
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A PRAGMA's value as text.</summary>
    public static async Task<string> Pragma(DbConnection connection, string name)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = $"PRAGMA {name};";
            return Convert.ToString(await command.ExecuteScalarAsync().ConfigureAwait(false), CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    /// <summary>SQLite's number for the synchronous setting, as its name.</summary>
    public static string SynchronousName(string value) => value switch
    {
        "0" => "OFF",
        "1" => "NORMAL",
        "2" => "FULL",
        "3" => "EXTRA",
        _ => value,
    };

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }
}
