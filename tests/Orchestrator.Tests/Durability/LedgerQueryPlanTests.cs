using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Durability;

/// <summary>
/// The pump and <c>GET /api/deadlines</c> answer from the ledger's indexes, never by scanning it: the SQL the
/// orchestrator actually ran (captured on its database context, with its parameters) is explained by SQLite.
/// </summary>
public sealed partial class LedgerQueryPlanTests : IDisposable
{
    private readonly DatabaseFile file = new();

    public void Dispose() => file.Dispose();

    [Fact]
    public async Task The_pumps_two_queries_and_the_status_and_due_date_listing_search_an_index_rather_than_scan_the_ledger()
    {
        await using var factory = new LedgerWatchingFactory(file.Settings());
        factory.Clock.SetUtcNow(Durable.Morning(new DateOnly(2028, 7, 3)));
        var client = new ReviewClient(factory.CreateClient());
        foreach (var partnership in new[] { "warrington", "darlington", "llr", "national" })
        {
            await client.Open(Referrals.Complete(partnership, "LocalAuthorityNotification", "2028-07-03", "2028-07-03"));
        }

        factory.Clock.SetUtcNow(Durable.Morning(new DateOnly(2028, 7, 12)));
        var fired = await factory.Pump();
        Assert.True(fired.Missed > 0 && fired.Approaching > 0, $"the ledger should have had work for both queries, fired {fired}");
        var listing = await client.Http.GetFromJsonAsync<JsonElement>("/api/deadlines?status=open&dueBefore=2028-07-31");
        Assert.True(listing.GetProperty("total").GetInt32() > 0);

        var commands = factory.Queries.Commands;
        var missed = Assert.Single(commands.Where(c => c.Sql.Contains("\"MissedFiredAt\" IS NULL", StringComparison.Ordinal)).DistinctBy(c => c.Sql));
        var approaching = Assert.Single(commands.Where(c => c.Sql.Contains("\"ApproachingFiredAt\" IS NULL", StringComparison.Ordinal)).DistinctBy(c => c.Sql));
        var count = Assert.Single(commands.Where(c => c.Sql.Contains("COUNT(*)", StringComparison.Ordinal)).DistinctBy(c => c.Sql));
        var page = Assert.Single(commands.Where(c => c.Sql.Contains("ORDER BY \"d\".\"DueOn\", \"d\".\"Id\"", StringComparison.Ordinal)).DistinctBy(c => c.Sql));

        // The captured pump query is the LINQ DeadlinePump runs (a guard against capturing something else).
        await using (var db = file.Context())
        {
            var today = new DateOnly(2028, 7, 12);
            var batch = new DeadlineOptions().BatchSize;
            var expected = db.Deadlines.AsNoTracking()
                .Where(d => d.Status == DeadlineStatus.Open && d.DueOn < today && d.MissedFiredAt == null)
                .OrderBy(d => d.DueOn).Take(batch)
                .Select(d => new { d.Id, d.ReviewId, d.Partnership, d.Rule, d.DueOn })
                .ToQueryString();
            Assert.Equal(Statement(expected), Statement(missed.Sql));
        }

        foreach (var (what, command) in new[] { ("pump: missed", missed), ("pump: approaching", approaching), ("deadlines: count", count), ("deadlines: page", page) })
        {
            var plan = Explain(command.Sql, command.Parameters);
            Assert.True(plan.Any(step => IndexSearch().IsMatch(step)), $"{what} does not search an index of deadlines:\n{string.Join("\n", plan)}\n{command.Sql}");
            Assert.False(plan.Any(step => Scan().IsMatch(step)), $"{what} scans the ledger:\n{string.Join("\n", plan)}\n{command.Sql}");
        }
    }

    private List<string> Explain(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        using var connection = file.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var steps = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            steps.Add(reader.GetString(reader.GetOrdinal("detail")));
        }

        return steps;
    }

    /// <summary>The SQL of a ToQueryString, without its parameter declarations, whitespace normalised.</summary>
    private static string Statement(string sql) =>
        Whitespace().Replace(string.Join(' ', sql.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal))), " ").Trim();

    [GeneratedRegex(@"^SEARCH (d|deadlines) USING (COVERING )?INDEX IX_deadlines_")]
    private static partial Regex IndexSearch();

    [GeneratedRegex(@"^SCAN (d|deadlines)\b")]
    private static partial Regex Scan();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
