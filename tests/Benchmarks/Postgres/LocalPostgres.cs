using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Orchestration.Workers.Tests;

namespace Orchestration.Benchmarks.Postgres;

/// <summary>
/// A PostgreSQL 15 server as a local process on loopback (Debian's binaries, as docs/production.md and the tests
/// run it): <c>initdb -A trust</c> in a temporary folder owned by the <c>postgres</c> user, a free port, stopped and
/// deleted at the end. The tests' own helper is an xunit fixture, which this console program does not reference.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string folder;

    private LocalPostgres(string folder, int port)
    {
        this.folder = folder;
        Port = port;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A connection string to <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20";

    /// <summary>Initialises and starts a server.</summary>
    public static async Task<LocalPostgres> Start()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15's server binaries are not in {Bin} (apt-get install postgresql-15).");
        }

        var folder = Directory.CreateTempSubdirectory("bench-pg-").FullName;
        var server = new LocalPostgres(folder, LoopbackPort.Free());
        await Run("chown", "postgres:postgres", folder).ConfigureAwait(false);
        await AsPostgres("initdb", "-D", Path.Combine(folder, "data"), "-A", "trust", "-U", "postgres").ConfigureAwait(false);
        await AsPostgres("pg_ctl", "-D", Path.Combine(folder, "data"), "-o",
            $"-c listen_addresses=127.0.0.1 -p {server.Port.ToString(CultureInfo.InvariantCulture)} -k {folder} -c max_connections=200",
            "-l", Path.Combine(folder, "pg.log"), "-w", "start").ConfigureAwait(false);
        return server;
    }

    /// <summary>Creates an empty database.</summary>
    public async Task CreateDatabase(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await AsPostgres("pg_ctl", "-D", Path.Combine(folder, "data"), "-m", "fast", "-w", "stop").ConfigureAwait(false);
        Directory.Delete(folder, recursive: true);
    }

    private static Task AsPostgres(string tool, params string[] arguments) =>
        Environment.UserName == "root"
            ? Run("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. arguments])
            : Run(Path.Combine(Bin, tool), arguments);

    private static async Task Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }
    }
}
