using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Durability;

/// <summary>A SQLite file a test owns across several starts of the orchestrator; deleted at the end.</summary>
public sealed class DatabaseFile : IDisposable
{
    /// <summary>The file's path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"durability-{Guid.NewGuid():N}.db");

    /// <summary>The key ring the orchestrator encrypts personal fields with: the file's own, not every test's <c>keys</c> beside it.</summary>
    public string KeysPath => Path + ".keys";

    /// <summary>The connection string the orchestrator is given.</summary>
    public string ConnectionString => $"Data Source={Path}";

    /// <summary>Configuration that points an orchestrator at this file.</summary>
    public Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["ConnectionStrings:Reviews"] = ConnectionString, ["DataProtection:KeysPath"] = KeysPath };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A plain connection to the file, outside the orchestrator (as an operator or an attacker would have).</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>A context on the file for a test that writes rows while the orchestrator is stopped.</summary>
    public ReviewsDbContext Context() =>
        new(new DbContextOptionsBuilder<ReviewsDbContext>().UseSqlite(ConnectionString).Options);

    /// <summary>Runs one statement; returns the rows it changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }

        if (Directory.Exists(KeysPath))
        {
            Directory.Delete(KeysPath, recursive: true);
        }
    }
}

/// <summary>What the durability tests do to a running orchestrator: run its pump and relay, read its tables, wait.</summary>
public static class Durable
{
    /// <summary>The JSON the outbox stores bodies in.</summary>
    public static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>One pass of the deadline pump, as its timer would run it.</summary>
    public static Task<PumpResult> Pump(this WebApplicationFactory<Program> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.Services.GetRequiredService<DeadlinePump>().PumpOnce(CancellationToken.None);
    }

    /// <summary>Relays until nothing is waiting; returns how many messages went.</summary>
    public static async Task<int> Relay(this WebApplicationFactory<Program> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var relay = factory.Services.GetRequiredService<OutboxRelay>();
        var total = 0;
        int sent;
        while ((sent = await relay.RelayOnce(CancellationToken.None)) > 0)
        {
            total += sent;
        }

        return total;
    }

    /// <summary>Reads the orchestrator's database in a scope of its own.</summary>
    public static async Task<T> Read<T>(this WebApplicationFactory<Program> factory, Func<ReviewsDbContext, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(query);
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ReviewsDbContext>());
    }

    /// <summary>The outbox's messages of contract <typeparamref name="T"/>, sent or not, with their rows, in publication order.</summary>
    public static async Task<IReadOnlyList<(OutboxMessage Row, T Message)>> Outboxed<T>(this WebApplicationFactory<Program> factory)
        where T : class
    {
        var type = typeof(T).FullName!;
        var rows = await factory.Read(db => db.Outbox.AsNoTracking().Where(o => o.MessageType == type).OrderBy(o => o.Sequence).ToListAsync());
        return [.. rows.Select(r => (r, JsonSerializer.Deserialize<T>(r.Body, BodyJson)!))];
    }

    /// <summary>A review's timeline rows, oldest first.</summary>
    public static Task<List<TimelineEntry>> TimelineOf(this WebApplicationFactory<Program> factory, Guid reviewId) =>
        factory.Read(db => db.Timeline.AsNoTracking().Where(t => t.ReviewId == reviewId).OrderBy(t => t.Sequence).ToListAsync());

    /// <summary>Waits (up to <paramref name="seconds"/>) until <paramref name="condition"/> holds; fails naming <paramref name="what"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out after {seconds} s waiting for {what}.");
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Waits until the orchestrator is quiet: nothing waits in the outbox and every deadline firing in it is in
    /// its review's timeline (so what the reviews owed in answer has been written and sent as well).
    /// </summary>
    public static Task Settled(this WebApplicationFactory<Program> factory, int seconds = 20) =>
        Until(
            async () => await factory.Read(async db =>
            {
                var firings = await db.Outbox.CountAsync(o => o.MessageType == typeof(DeadlineMissed).FullName || o.MessageType == typeof(DeadlineApproaching).FullName);
                var recorded = await db.Timeline.CountAsync(t => t.Event == nameof(DeadlineMissed) || t.Event == nameof(DeadlineApproaching));

                // Checked last: what the reviews owed in answer to the firings must have gone too.
                return recorded >= firings && !await db.Outbox.AnyAsync(o => o.SentAt == null);
            }),
            "the outbox to drain and the reviews to record every firing",
            seconds);

    /// <summary>The event id the pump gives a deadline's breach.</summary>
    public static Guid MissedId(Guid deadlineId) => DeadlinePump.FiringId(deadlineId, "missed");

    /// <summary>The event id the pump gives a deadline's reminder.</summary>
    public static Guid ApproachingId(Guid deadlineId) => DeadlinePump.FiringId(deadlineId, "approaching");

    /// <summary>An instant during a London business day (10:00 local), for setting the clock.</summary>
    public static DateTimeOffset Morning(DateOnly day) => Domain.Calendar.LondonTime.StartOfDayUtc(day).AddHours(10);
}
