using Orchestration.Contracts;
using Microsoft.EntityFrameworkCore;
using Orchestration.Workers.Email;
using Orchestration.Workers.Ledger;

namespace Orchestration.Workers.Tests.Postgres;

/// <summary><see cref="LedgerTests"/> with the ledger on PostgreSQL (a fresh database for each harness).</summary>
[Collection(PostgresTests.Name)]
public sealed class LedgerOnPostgreSqlTests(PostgresServer server) : LedgerTests
{
    private readonly List<PostgresDatabase> databases = [];

    protected override async Task<WorkersHarness> StartWorkers(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var ledger = await server.CreateDatabase("ledger");
        databases.Add(ledger);
        return await WorkersHarness.Start(WorkersHarness.OnPostgreSql(ledger, settings));
    }

    protected override async ValueTask ReleaseStorage()
    {
        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }
    }
}

/// <summary>
/// Two workers processes on one PostgreSQL ledger, as when the workers are scaled out: both take commands and both
/// dispatchers race over the same deliveries. A claim is committed conditional on the row's version, so each
/// delivery is attempted by one dispatcher and written once.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class DispatcherClaimTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string pickup = Directory.CreateTempSubdirectory("pickup-shared-").FullName;
    private PostgresDatabase ledger = null!;

    public async Task InitializeAsync() => ledger = await server.CreateDatabase("ledger");

    public async Task DisposeAsync()
    {
        await ledger.DisposeAsync();
        Directory.Delete(pickup, recursive: true);
    }

    [Fact]
    public async Task Two_dispatchers_racing_over_six_hundred_deliveries_attempt_and_write_each_exactly_once()
    {
        const int notifications = 600;
        var settings = WorkersHarness.OnPostgreSql(ledger, new Dictionary<string, string?> { ["Email:PickupDirectory"] = pickup });
        await using var first = await WorkersHarness.Start(settings);
        await using var second = await WorkersHarness.Start(settings);

        // The orchestrator's commands reach one process or the other, some of them twice (a redelivery).
        var facts = Notifications.Facts(["deadline", "N5", "dueOn", "2027-01-27"]);
        var commands = Enumerable.Range(0, notifications)
            .Select(i => Notifications.Command("DeadlineReminder", "BusinessUnit", facts, rule: "N5", discriminator: i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        foreach (var chunk in commands.Select((command, i) => (command, i)).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(c => (c.i % 2 == 0 ? first : second).Send(c.command)));
            await Task.WhenAll(chunk.Where(c => c.i % 10 == 0).Select(c => (c.i % 2 == 0 ? second : first).Send(c.command)));
        }

        Assert.Equal(notifications, (await first.Ledger()).Count);

        // Both dispatchers at once, round after round, until nothing is due.
        using var start = new Barrier(2);
        var racing = new[] { first, second }.Select(workers => Task.Run(async () =>
        {
            start.SignalAndWait();
            var attempts = 0;
            int round;
            while ((round = await workers.Dispatcher.DispatchOnce(CancellationToken.None)) > 0)
            {
                attempts += round;
            }

            return attempts;
        })).ToArray();
        var made = await Task.WhenAll(racing);

        Assert.Equal(notifications, made.Sum());
        Assert.True(made.All(m => m > 0), $"one dispatcher attempted everything ({made[0]} / {made[1]}): they did not race");
        var rows = await first.Ledger();
        Assert.All(rows, d => Assert.Equal((DeliveryState.Sent, 1), (d.State, d.Attempts)));
        await first.OnLedger(async db => Assert.Equal(0, await DeliveryDispatcher.Due(db, first.Clock.GetUtcNow()).CountAsync()));

        // One file per notification, named by its Message-ID, and no other.
        var expected = rows.Select(d => PickupFolderChannel.FileNameFor(d.MessageId)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Directory.GetFiles(pickup).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList());

        // And each outcome is reported once, by whichever process claims it (FOR UPDATE SKIP LOCKED).
        await Task.WhenAll(Report(first), Report(second));
        Assert.All(await first.Ledger(), d => Assert.Equal((DeliveryOutcome?)null, d.OutcomeToReport));
        var reported = first.Reported().Concat(second.Reported()).Cast<StatutoryNotificationSent>().Select(e => e.IdempotencyKey).ToList();
        Assert.Equal(notifications, reported.Count);
        Assert.Equal(notifications, reported.Distinct(StringComparer.Ordinal).Count());

        static async Task Report(WorkersHarness workers)
        {
            while (await workers.Reporter.ReportOnce(CancellationToken.None) > 0)
            {
            }
        }
    }
}

/// <summary><see cref="SmtpDeliveryTests"/> (retries, backoff, dead letters, a crash mid-send) with the ledger on PostgreSQL.</summary>
[Collection(PostgresTests.Name)]
public sealed class SmtpDeliveryOnPostgreSqlTests(PostgresServer server) : SmtpDeliveryTests
{
    private readonly List<PostgresDatabase> databases = [];

    protected override async Task<WorkersHarness> StartWorkers(IReadOnlyDictionary<string, string?> settings)
    {
        var ledger = await server.CreateDatabase("ledger");
        databases.Add(ledger);
        return await WorkersHarness.Start(WorkersHarness.OnPostgreSql(ledger, settings));
    }

    protected override async ValueTask ReleaseStorage()
    {
        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }
    }
}
