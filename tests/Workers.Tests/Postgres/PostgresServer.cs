using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Orchestration.Workers.Tests.Postgres;

/// <summary>
/// A real PostgreSQL 15 server on loopback, started for the tests as a local process (no Docker): a cluster
/// made by <c>initdb -A trust</c> in a temporary folder owned by the <c>postgres</c> user (initdb refuses
/// root), on a free port, started with <c>pg_ctl start -w</c>, and stopped and deleted at the end. Each test
/// gets fresh databases of its own (<see cref="CreateDatabase"/>). When the server cannot be started the tests
/// fail saying why; they never skip. <c>POSTGRES_BIN</c> names another folder of server binaries.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>Where Debian's PostgreSQL 15 keeps its server binaries.</summary>
    public const string DefaultBinaries = "/usr/lib/postgresql/15/bin";

    private readonly string binaries = Environment.GetEnvironmentVariable("POSTGRES_BIN") is { Length: > 0 } configured ? configured : DefaultBinaries;
    private string folder = string.Empty;
    private bool started;

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(folder, "data");

    private string LogFile => Path.Combine(folder, "server.log");

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            IncludeErrorDetail = true,
            Timeout = 30,
        }.ConnectionString;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(binaries, "initdb")) || !File.Exists(Path.Combine(binaries, "pg_ctl")))
        {
            throw new InvalidOperationException(
                $"The PostgreSQL tests need the PostgreSQL 15 server binaries in {binaries} (Debian's postgresql-15 package; POSTGRES_BIN names another folder).");
        }

        folder = Directory.CreateTempSubdirectory("cspr-pg-").FullName;
        if (Environment.IsPrivilegedProcess)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await Run("chown", ["postgres:postgres", folder], asPostgres: false).ConfigureAwait(false);
        }

        await Run(Path.Combine(binaries, "initdb"), ["-D", DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]).ConfigureAwait(false);

        // A test server: durability against a power cut is not what these tests are about, speed on two cores is.
        var options = string.Join(' ', "-c listen_addresses=127.0.0.1", $"-k {folder}", "-c max_connections=300",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c shared_buffers=64MB");
        for (var attempt = 1; ; attempt++)
        {
            Port = LoopbackPort.Free();
            try
            {
                await Run(Path.Combine(binaries, "pg_ctl"), ["-D", DataDirectory, "-o", $"{options} -p {Port.ToString(CultureInfo.InvariantCulture)}", "-l", LogFile, "-w", "-t", "60", "start"])
                    .ConfigureAwait(false);
                started = true;
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The free port was taken between finding it and binding it: another one.
            }
        }

        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync().ConfigureAwait(false);
    }

    /// <summary>Creates a new, empty database; returns its name.</summary>
    public async Task<PostgresDatabase> CreateDatabase(string purpose)
    {
        Assert.True(started, "The PostgreSQL test server is not running.");
        var name = $"{purpose}_{Guid.NewGuid():N}"[..Math.Min(purpose.Length + 33, 63)].ToLowerInvariant();
        await Execute($"CREATE DATABASE \"{name}\"").ConfigureAwait(false);
        return new PostgresDatabase(this, name);
    }

    /// <summary>Drops a database, closing whatever connections are still open on it.</summary>
    internal async Task Drop(string name)
    {
        if (started)
        {
            NpgsqlConnection.ClearAllPools();
            await Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (started)
        {
            started = false;
            await Run(Path.Combine(binaries, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]).ConfigureAwait(false);
        }

        if (folder.Length > 0 && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    // Runs a tool to its end; as root, a PostgreSQL tool runs as the postgres user (runuser), as PostgreSQL requires.
    private async Task Run(string tool, IReadOnlyList<string> arguments, bool asPostgres = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && Environment.IsPrivilegedProcess)
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", "postgres", "--", tool })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = tool;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile).ConfigureAwait(false) : string.Empty;
            throw new InvalidOperationException(
                $"The PostgreSQL test server could not be started: {Path.GetFileName(tool)} {string.Join(' ', arguments)} exited with {process.ExitCode}.\n"
                + $"{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}\n{log}");
        }
    }

}

/// <summary>A database of the test server, dropped when disposed.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly PostgresServer server;

    internal PostgresDatabase(PostgresServer server, string name)
    {
        this.server = server;
        Name = name;
        ConnectionString = server.ConnectionString(name);
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>Its connection string.</summary>
    public string ConnectionString { get; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await server.Drop(Name).ConfigureAwait(false);
}

/// <summary>
/// The tests that run on the PostgreSQL test server: one server for all of them, so they run one class at a time
/// (a small machine runs one server's worth of work well).
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresTests : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PostgreSQL";
}
