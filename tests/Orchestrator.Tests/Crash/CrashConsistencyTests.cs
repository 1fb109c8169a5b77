using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Orchestration.Orchestrator.Tests.Crash;

/// <summary>The crash test runs alone: it drives a separate orchestrator process flat out and kills it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashTestGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Crash consistency (separate process)";
}

/// <summary>
/// Issue 4, not a mock: the built orchestrator runs as a separate process over a SQLite file while workers drive
/// over two hundred reviews across the six profiles through its HTTP API, and a chaos loop kills it with SIGKILL
/// at random moments, at least twenty times, starting it again each time. Then the clock moves on past every
/// deadline and, once everything has drained, the database and the API must show every review in its expected
/// state, every deadline fired exactly once or satisfied, every command received exactly once by the consumer
/// (the command journal), no timeline entry twice and every chain verified.
/// </summary>
[Collection(CrashTestGroup.Name)]
public sealed class CrashConsistencyTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The seed when CRASH_TEST_SEED does not name one.</summary>
    public const int DefaultSeed = 20261122;

    private const int ReviewCount = 210;
    private const int Workers = 6;
    private const int Kills = 22;
    private const int MinimumKills = 20;
    private const int MinimumUptimeMs = 300;
    private const int MaximumUptimeMs = 2000;
    private const int DaysPastEverything = 800;

    // On tmpfs where there is one: a process kill loses nothing the process wrote to the page cache, so the test
    // means the same there, and SQLite's commits do not wait for a disk.
    private readonly string databaseFile = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"crash-{Guid.NewGuid():N}.db");
    private bool passed;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (!passed)
        {
            output.WriteLine($"The database is kept for inspection: {databaseFile}");
            return;
        }

        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", ".workers.db", ".workers.db-wal", ".workers.db-shm" })
        {
            File.Delete(databaseFile + suffix);
        }

        foreach (var folder in new[] { ".pickup", ".documents" }.Select(suffix => databaseFile + suffix).Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Every_effect_happens_exactly_once_when_the_orchestrator_is_killed_at_random_points()
    {
        var seed = Seed();
        output.WriteLine($"Crash test seed {seed} (replay with CRASH_TEST_SEED={seed}); database {databaseFile}");
        var random = new Random(seed);
        var scripts = CrashWorkload.Build(ReviewCount);
        var order = scripts.ToArray();
        random.Shuffle(order);
        Assert.True(scripts.Count >= 200);
        Assert.Equal(6, scripts.Select(s => s.Partnership).Distinct().Count());

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var cancellationToken = timeout.Token;
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Add(OrchestratorFactory.ApiKeyHeader, OrchestratorFactory.DevelopmentKey);
        await using var orchestrator = new OrchestratorProcess(databaseFile);
        var driver = new WorkloadDriver(orchestrator, http);
        var report = new StringBuilder();
        var total = Stopwatch.StartNew();

        // The workload and the chaos together: kill at random moments, start again, until enough kills have landed.
        await orchestrator.Start(cancellationToken);
        var workload = driver.Run(order, Workers, cancellationToken);
        var killsUnderLoad = 0;
        try
        {
            while (orchestrator.Kills < Kills)
            {
                await Task.Delay(random.Next(MinimumUptimeMs, MaximumUptimeMs + 1), cancellationToken);
                var inFlight = driver.Stats.InFlight;
                if (inFlight > 0)
                {
                    killsUnderLoad++;
                }

                var pid = orchestrator.Kill();
                report.AppendLine(CultureInfo.InvariantCulture, $"  kill {orchestrator.Kills,2} at {total.Elapsed.TotalSeconds,6:0.0} s: pid {pid}, {inFlight} request(s) in flight, {driver.Runs.Count(r => r.Value.Completed)} review(s) done");
                await orchestrator.Start(cancellationToken);
            }
        }
        catch
        {
            await timeout.CancelAsync();
            throw;
        }

        var chaosOver = total.Elapsed;
        await workload;
        var workloadOver = total.Elapsed;

        // No more kills: move the clock past every due date and let everything that owes drain.
        var advanced = await driver.AdvanceClock(DaysPastEverything, cancellationToken);
        var drained = await WaitUntilDrained(orchestrator, TimeSpan.FromSeconds(60), cancellationToken);
        var drainedAt = total.Elapsed;

        var apiProblems = new List<string>();
        await Parallel.ForEachAsync(scripts, new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = cancellationToken }, async (script, token) =>
        {
            Orchestration.Orchestrator.Reviews.ReviewView review;
            try
            {
                review = await driver.Review(script.ReviewId, token);
            }
            catch (InvalidOperationException missing)
            {
                // Reported with everything else (a script that failed says why below), not thrown on its own.
                lock (apiProblems)
                {
                    apiProblems.Add($"[API: review unreadable] {script}: {missing.Message}");
                }

                return;
            }

            if (review.State != script.ExpectedState)
            {
                lock (apiProblems)
                {
                    apiProblems.Add($"[API: wrong final state] {script} is {review.State}, expected {script.ExpectedState}");
                }
            }

            var verification = await driver.Verify(script.ReviewId, token);
            if (!verification.Verified)
            {
                lock (apiProblems)
                {
                    apiProblems.Add($"[API: chain does not verify] {script}: entry {verification.FirstBrokenSequence} of {verification.Entries}: {verification.Problem}");
                }
            }
        });

        await orchestrator.Stop(TimeSpan.FromSeconds(30));
        var audit = await CrashAudit.Load(databaseFile);
        var problems = new List<string>();
        problems.AddRange(orchestrator.UnexpectedExits.Select(e => "[orchestrator exited by itself] " + e));
        problems.AddRange(driver.Stats.Failures.Select(f => "[script failed] " + f));
        if (!drained.Drained)
        {
            problems.Add($"[did not drain] after {drained.Waited.TotalSeconds:0} s: {drained.Last}");
        }

        problems.AddRange(apiProblems.Order(StringComparer.Ordinal).Take(30));
        var email = await EmailAudit(orchestrator, audit);
        problems.AddRange(audit.Check(scripts, driver.Runs, email.WorkerEvents));
        problems.AddRange(email.Problems.Take(30));
        if (orchestrator.Kills < MinimumKills)
        {
            problems.Add($"[not enough chaos] only {orchestrator.Kills} kills");
        }

        if (killsUnderLoad == 0 || driver.Stats.ConnectionErrors == 0)
        {
            problems.Add($"[no kill under load] {killsUnderLoad} kills with requests in flight, {driver.Stats.ConnectionErrors} requests failed on the connection");
        }

        var stats = driver.Stats;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {scripts.Count} reviews ({string.Join(", ", scripts.GroupBy(s => s.Partnership).Select(g => $"{g.Key} {g.Count()}"))}), {Workers} at a time; {scripts.Sum(s => s.Steps.Count) + scripts.Count} scripted requests.
            {orchestrator.Kills} kills ({killsUnderLoad} with requests in flight), {orchestrator.Starts} starts ({orchestrator.TimeToReady.TotalSeconds:0.0} s waiting for ready).
            Requests {stats.Requests}: {stats.ConnectionErrors} connection errors, {stats.Timeouts} timeouts, {stats.ServerErrors} 5xx, {stats.RepeatedReferrals} referrals answered as repeats, {stats.ConflictsResolvedByTimeline} 409s resolved by the timeline.
            Chaos over at {chaosOver.TotalSeconds:0.0} s, workload done at {workloadOver.TotalSeconds:0.0} s, drained at {drainedAt.TotalSeconds:0.0} s, all checked at {total.Elapsed.TotalSeconds:0.0} s.
            Clock advance: {advanced}
            Database: {audit.Reviews.Count} reviews, {audit.Timeline.Count} timeline entries, {audit.Deadlines.Count} deadlines ({audit.Deadlines.Count(d => d.MissedFired)} missed fired, {audit.Deadlines.Count(d => d.ApproachingFired)} reminders fired), {audit.Outbox.Count} outbox rows, {audit.Journal.Count} commands journalled.
            Email: {email.Summary}
            Final states: {string.Join(", ", audit.Reviews.GroupBy(r => r.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}.
            """));
        output.WriteLine(report.ToString());
        foreach (var sample in stats.ServerErrorSamples)
        {
            output.WriteLine("5xx sample: " + sample);
        }

        Assert.True(problems.Count == 0, $"Seed {seed} (replay with CRASH_TEST_SEED={seed}); database {databaseFile}. {problems.Count} problem line(s):\n{string.Join('\n', problems)}");
        passed = true;
    }

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("CRASH_TEST_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    /// <summary>
    /// Waits until nothing is owed: no outbox row unsent, every clock event consumed by its review and every command
    /// by the journal (each has its inbox row), no deadline open, and the outbox and timeline no longer growing.
    /// </summary>
    private static async Task<(bool Drained, TimeSpan Waited, string Last)> WaitUntilDrained(OrchestratorProcess orchestrator, TimeSpan limit, CancellationToken cancellationToken)
    {
        var databaseFile = orchestrator.DatabaseFile;
        var clock = Stopwatch.StartNew();
        var types = string.Join(", ", new[] { CrashAudit.DeadlineMissedType, CrashAudit.DeadlineApproachingType }.Select(t => $"'{t}'"));
        var commands = string.Join(", ", CrashAudit.CommandTypes.Select(t => $"'{t}'"));
        var sql = $"""
            SELECT
              (SELECT COUNT(*) FROM outbox WHERE SentAt IS NULL),
              (SELECT COUNT(*) FROM outbox o WHERE o.MessageType IN ({types})
                 AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.Consumer = 'reviews' AND i.MessageId = o.MessageId)),
              (SELECT COUNT(*) FROM outbox o WHERE o.MessageType IN ({commands})
                 AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.Consumer = 'command-journal' AND i.MessageId = o.MessageId)),
              (SELECT COUNT(*) FROM deadlines WHERE Status = 'Open'),
              (SELECT COUNT(*) FROM outbox),
              (SELECT COUNT(*) FROM timeline),
              (SELECT COUNT(*) FROM reviews WHERE Deliveries LIKE '%"status":"requested"%' OR Deliveries LIKE '%"status":"failed"%' OR Deliveries LIKE '%"status":"dead-lettered"%')
            """;
        var last = string.Empty;
        var quiet = 0;
        while (clock.Elapsed < limit)
        {
            await using (var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False"))
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                var unsent = await Count(orchestrator.WorkersDatabaseFile, "SELECT COUNT(*) FROM deliveries WHERE State <> 'Sent' OR OutcomeToReport IS NOT NULL", cancellationToken);
                var now = $"{reader.GetInt64(0)} unsent, {reader.GetInt64(1)} clock events and {reader.GetInt64(2)} commands unconsumed, {reader.GetInt64(3)} deadlines open, {reader.GetInt64(4)} outbox rows, {reader.GetInt64(5)} timeline entries, {reader.GetInt64(6)} reviews with a notification not yet sent, {unsent} ledger deliveries unsent or unreported";
                var owing = reader.GetInt64(0) + reader.GetInt64(1) + reader.GetInt64(2) + reader.GetInt64(3) + reader.GetInt64(6) + unsent;
                quiet = owing == 0 && now == last ? quiet + 1 : 0;
                last = now;
            }

            if (quiet >= 3)
            {
                return (true, clock.Elapsed, last);
            }

            await Task.Delay(300, cancellationToken);
        }

        return (false, clock.Elapsed, last);
    }

    private static async Task<long> Count(string databaseFile, string sql, CancellationToken cancellationToken)
    {
        if (!File.Exists(databaseFile))
        {
            return 0;
        }

        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Every notification every review owes was written to the pickup folder exactly once, and nothing else was: the file
    /// names are derived from the notifications' keys, so a second send would need a second key. Every one is recorded as
    /// sent in the ledger and on its review.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Problems, string Summary, IReadOnlySet<Guid> WorkerEvents)> EmailAudit(OrchestratorProcess orchestrator, CrashAudit audit)
    {
        var owed = new List<(Guid Review, string Key, string Status)>();
        var protector = CrashAudit.ProtectorFor(orchestrator.DatabaseFile);
        await using (var connection = new SqliteConnection($"Data Source={orchestrator.DatabaseFile};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT review_id, Deliveries FROM reviews";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var review = reader.GetGuid(0);
                owed.AddRange(System.Text.Json.Nodes.JsonNode.Parse(protector.Unprotect(reader.GetString(1)))!.AsArray()
                    .Select(d => (review, (string)d!["idempotencyKey"]!, (string)d["status"]!)));
            }
        }

        var ledger = new Dictionary<string, (string State, long Attempts)>(StringComparer.Ordinal);
        await using (var connection = new SqliteConnection($"Data Source={orchestrator.WorkersDatabaseFile};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT IdempotencyKey, State, Attempts FROM deliveries";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ledger.Add(reader.GetString(0), (reader.GetString(1), reader.GetInt64(2)));
            }
        }

        var files = Directory.Exists(orchestrator.PickupFolder)
            ? Directory.GetFiles(orchestrator.PickupFolder, "*.eml").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal)
            : [];
        var expected = owed.ToDictionary(
            d => Orchestration.Workers.Email.PickupFolderChannel.FileNameFor(Orchestration.Workers.Email.MessageComposer.MessageIdFor(d.Key)), d => d, StringComparer.Ordinal);
        var problems = new List<string>();
        problems.AddRange(owed.Where(d => d.Status != "sent").Select(d => $"[email: review does not show it sent] review {d.Review}: {d.Key} is {d.Status}"));
        problems.AddRange(expected.Where(e => !files.Contains(e.Key)).Select(e => $"[email: never written] review {e.Value.Review}: {e.Value.Key}"));
        problems.AddRange(files.Where(f => !expected.ContainsKey(f!)).Select(f => $"[email: written but owed by no review] {f}"));
        problems.AddRange(owed.Where(d => !ledger.TryGetValue(d.Key, out var row) || row.State != "Sent")
            .Select(d => $"[email: ledger] {d.Key} is {(ledger.TryGetValue(d.Key, out var row) ? row.State : "missing")}"));
        problems.AddRange(ledger.Keys.Except(owed.Select(d => d.Key), StringComparer.Ordinal).Select(k => $"[email: ledger row owed by no review] {k}"));
        // Each review applied its notification's "sent" exactly once, whatever was reported again after a crash.
        var applied = audit.Timeline.Where(t => t.Outcome == Orchestration.Orchestrator.Reviews.TimelineEntry.Applied && t.EventId is not null)
            .GroupBy(t => t.EventId!.Value).ToDictionary(g => g.Key, g => g.Count());
        problems.AddRange(owed
            .Select(d => (d, Count: applied.GetValueOrDefault(Orchestration.Workers.Ledger.OutcomeReporter.EventIdFor(d.Key, Orchestration.Workers.Ledger.DeliveryOutcome.Sent, 0))))
            .Where(x => x.Count != 1)
            .Select(x => $"[email: review applied 'sent' {x.Count} times] review {x.d.Review}: {x.d.Key}"));
        var workerEvents = owed
            .SelectMany(d => Enum.GetValues<Orchestration.Workers.Ledger.DeliveryOutcome>().Select(o => Orchestration.Workers.Ledger.OutcomeReporter.EventIdFor(d.Key, o, 0)))
            .ToHashSet();
        var retried = ledger.Values.Count(r => r.Attempts > 1);
        return (problems, $"{owed.Count} notifications owed, {files.Count} files written, {ledger.Count} ledger rows ({retried} attempted more than once after a crash)", workerEvents);
    }
}
