using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Tests.Security.HostileInput;

/// <summary>
/// The reviews database as rows counted and hashed per table, to show a request changed nothing. The outbox relay's own
/// bookkeeping (when a row was sent, attempts) is left out: it moves by itself. The access log is left out too: it records
/// reads, refused ones included, by design.
/// </summary>
internal sealed record DatabaseSnapshot(IReadOnlyDictionary<string, string> Tables)
{
    private static readonly (string Table, string Query)[] Everything =
    [
        ("reviews", "SELECT * FROM reviews ORDER BY review_id"),
        ("deadlines", "SELECT * FROM deadlines ORDER BY Id"),
        ("timeline", "SELECT * FROM timeline ORDER BY ReviewId, Sequence"),
        ("referrals", "SELECT * FROM referrals ORDER BY ReviewId"),
        ("outbox", "SELECT MessageId, ReviewId, MessageType, Body FROM outbox ORDER BY Sequence"),
        ("inbox", "SELECT * FROM inbox ORDER BY MessageId"),
        ("calendar_changes", "SELECT * FROM calendar_changes ORDER BY Sequence"),
    ];

    // What a review's refusal of an event may write, as documented: the rejected entry on its timeline (which moves the
    // review's chain head and version), the inbox row and the ReviewEventRejected notice in the outbox. Everything else holds.
    private static readonly (string Table, string Query)[] Business =
    [
        ("reviews", "SELECT * FROM reviews ORDER BY review_id"),
        ("deadlines", "SELECT * FROM deadlines ORDER BY Id"),
        ("timeline", "SELECT * FROM timeline WHERE Outcome = 'applied' ORDER BY ReviewId, Sequence"),
        ("referrals", "SELECT * FROM referrals ORDER BY ReviewId"),
        ("outbox", "SELECT MessageId, ReviewId, MessageType, Body FROM outbox WHERE MessageType NOT LIKE '%ReviewEventRejected%' ORDER BY Sequence"),
        ("calendar_changes", "SELECT * FROM calendar_changes ORDER BY Sequence"),
    ];

    private static readonly HashSet<string> ChainColumns = new(["Version", "TimelineLength", "TimelineHead"], StringComparer.Ordinal);

    /// <summary>Every table, every row.</summary>
    public static Task<DatabaseSnapshot> Take(IServiceProvider services) => Take(services, Everything, []);

    /// <summary>Every table but a review's record of refusals.</summary>
    public static Task<DatabaseSnapshot> TakeBusiness(IServiceProvider services) => Take(services, Business, ChainColumns);

    /// <summary>How many rejected timeline entries there are.</summary>
    public static async Task<int> Rejections(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        return await database.Timeline.CountAsync(t => t.Outcome == Orchestration.Orchestrator.Reviews.TimelineEntry.Rejected);
    }

    /// <summary>The tables that differ from <paramref name="other"/>; empty when none.</summary>
    public IReadOnlyList<string> Differences(DatabaseSnapshot other) =>
        [.. Tables.Keys.Where(t => !other.Tables.TryGetValue(t, out var theirs) || theirs != Tables[t])];

    private static async Task<DatabaseSnapshot> Take(IServiceProvider services, (string Table, string Query)[] queries, HashSet<string> skipped)
    {
        using var scope = services.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        var connection = database.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var tables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (table, query) in queries)
            {
                tables[table] = await Hash(connection, query, skipped);
            }

            return new DatabaseSnapshot(tables);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<string> Hash(DbConnection connection, string query, HashSet<string> skipped)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = query;
        await using var reader = await command.ExecuteReaderAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (skipped.Contains(reader.GetName(i)))
                {
                    continue;
                }

                var value = reader.IsDBNull(i) ? "<null>" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                hash.AppendData(Encoding.UTF8.GetBytes($"{reader.GetName(i)}={value}\u001f"));
            }

            hash.AppendData("\u001e"u8);
        }

        return $"{rows} rows {Convert.ToHexStringLower(hash.GetHashAndReset())}";
    }
}
