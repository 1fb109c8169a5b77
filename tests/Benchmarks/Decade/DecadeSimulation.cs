using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestration.Benchmarks.Harness;
using Orchestration.Benchmarks.Saga;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Benchmarks.Decade;

/// <summary>
/// Ten years of a national caseload in virtual time through the real orchestrator on its embedded default (the saga,
/// its SQLite database, the outbox and its relay, the deadline pump): about 150 partnerships, each with its own
/// profile (a copy of Warrington's procedure under its own name), referring about four cases a year; each review
/// lives its whole life (<see cref="DecadeScripts"/>), late where the scripts make it late. The clock moves a day at
/// a time: the day's events are sent (each review's in order), then the pump runs once, as it would at least daily.
/// Reports the wall time, events per second, memory over simulated time, and a statutory-compliance summary from the
/// deadline ledger. A progress bar shows the simulated date while it runs.
/// </summary>
public static class DecadeSimulation
{
    /// <summary>The first simulated day (a Monday).</summary>
    public static readonly DateOnly Start = new(2027, 1, 4);

    /// <summary>Runs the simulation: ten years, or one with <c>--quick</c>.</summary>
    public static async Task<BenchmarkResult> Run(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var years = options.Quick ? 1 : 10;
        const int partnerships = 150;
        const double referralsPerPartnershipYear = 4.0;
        var result = new BenchmarkResult("decade", $"Decade simulation: {years} year(s) of a national caseload in virtual time")
        {
            Quick = options.Quick,
            Runs = 1,
        };
        var loadAtStart = MachineLoad.Now();
        var profiles = Directory.CreateTempSubdirectory("bench-profiles-").FullName;
        try
        {
            var names = WriteProfiles(profiles, partnerships);
            var clock = new FakeTimeProvider(Noon(Start));
            await using var host = await EmbeddedOrchestratorHost.Start(
                new Dictionary<string, string?> { ["StatutoryClock:ProfilesDirectory"] = profiles }, clock).ConfigureAwait(false);
            var queue = await host.Queue().ConfigureAwait(false);
            var pump = host.Services.GetRequiredService<DeadlinePump>();
            var random = new Random(2027);

            var lives = new List<Life>();
            var events = 0;
            var fired = 0;
            var faults = 0;
            var memory = new List<(DateOnly On, double WorkingSetMiB, double HeapMiB)>();
            var liveHeapByYear = new List<double>();
            var peakWorkingSet = 0.0;
            var end = Start.AddYears(years);
            var totalDays = end.DayNumber - Start.DayNumber;
            var progress = new ProgressBar(totalDays);
            var wall = Stopwatch.StartNew();
            for (var day = Start; day < end; day = day.AddDays(1))
            {
                clock.SetUtcNow(Noon(day));
                foreach (var name in names)
                {
                    if (random.NextDouble() < referralsPerPartnershipYear / 365.0)
                    {
                        var id = Guid.NewGuid();
                        lives.Add(new Life(DecadeScripts.For(id, name, day, random)));
                    }
                }

                // Each review's events of the day go in order; different reviews' go at once.
                var due = lives.Where(l => l.Next is { } next && next.On <= day).ToList();
                var drive = await Send(queue, host.Tracker, due, day, options.InFlight, cancellationToken).ConfigureAwait(false);
                events += drive.Sent;
                faults += drive.Faults;

                lives.RemoveAll(l => l.Next is null);
                var pumped = await pump.PumpOnce(cancellationToken).ConfigureAwait(false);
                fired += pumped.Approaching + pumped.Missed;

                if (day == Start || day.Day == 1 || day.AddDays(1) == end)
                {
                    using var process = Process.GetCurrentProcess();
                    var workingSet = process.WorkingSet64 / 1048576.0;
                    peakWorkingSet = Math.Max(peakWorkingSet, workingSet);
                    memory.Add((day, workingSet, GC.GetTotalMemory(false) / 1048576.0));
                }

                if (day.AddDays(1).DayOfYear == 1 || day.AddDays(1) == end)
                {
                    liveHeapByYear.Add(GC.GetTotalMemory(forceFullCollection: true) / 1048576.0);
                }

                progress.Show(day.DayNumber - Start.DayNumber + 1, $"{day:yyyy-MM-dd} · {events:N0} events · {fired:N0} firings · " +
                    $"{events / Math.Max(wall.Elapsed.TotalSeconds, 0.001):N0} events/s · {memory[^1].WorkingSetMiB:N0} MiB");
            }

            await WaitForQuiet(host, cancellationToken).ConfigureAwait(false);
            wall.Stop();
            progress.Done();

            result.Load = new MachineLoad(loadAtStart, MachineLoad.Now(), Environment.ProcessorCount);
            var summary = await Compliance(host).ConfigureAwait(false);
            result.Add(new Figure("Simulated years", years, "years"));
            result.Add(new Figure("Reviews opened", summary.Reviews, "reviews"));
            result.Add(new Figure("Events sent (scripted, each applied by the saga)", events, "events"));
            result.Add(new Figure("Deadline firings by the pump (reminders and breaches, each an event for the saga)", fired, "firings"));
            result.Add(new Figure("Wall time", wall.Elapsed.TotalMinutes, "minutes", years == 10 ? TargetKind.AtMost : TargetKind.None, years == 10 ? 10 : double.NaN));
            result.Add(new Figure("Events per second (sent and fired, over the wall time)", (events + fired) / wall.Elapsed.TotalSeconds, "events/s"));
            result.Add(new Figure("Peak working set", peakWorkingSet, "MiB"));
            result.Add(new Figure("Live managed heap after a full collection, end of the first year", liveHeapByYear[0], "MiB"));
            result.Add(new Figure("Live managed heap after a full collection, end of the last year", liveHeapByYear[^1], "MiB"));
            var growth = liveHeapByYear[^1] / liveHeapByYear[0];
            result.Add(new Figure("Live heap, last year / first year", growth, "×", years > 1 ? TargetKind.AtMost : TargetKind.None, years > 1 ? 1.5 : double.NaN));
            result.Add(new Figure("Deadlines met on time, of those met or missed", summary.MetShare * 100, "%"));
            result.Add(new Figure("Faulted messages", faults, "messages", TargetKind.AtMost, 0));
            result.Add(new Figure("Events rejected by the reviews (the scripts are valid: should be 0)", summary.Rejected, "events", TargetKind.AtMost, 0));

            result.Note($"{partnerships} partnerships, each a copy of Warrington's profile under its own name, refer about {referralsPerPartnershipYear:0} cases a year each " +
                $"(a daily draw; about {partnerships * referralsPerPartnershipYear:N0} a year nationally, the order of the serious incident notifications England's National Panel receives). " +
                $"Each review: Rapid Review, then a local CSPR ({DecadeScripts.LocalReviewShare:P0}) to a decision not to publish, or no further review; an action plan and its actions. " +
                $"Late on purpose: {DecadeScripts.LateNotificationShare:P0} of notifications to the Panel by a week, {DecadeScripts.LateReturnShare:P0} of agency returns by a week, " +
                $"{DecadeScripts.LateRapidReviewShare:P0} of Rapid Review meetings by three weeks, {DecadeScripts.LateCsprShare:P0} of CSPRs by three months, {DecadeScripts.LateActionShare:P0} of actions by a month.");
            result.Note("The clock moves a day at a time (noon UTC); the day's events are sent through the in-memory transport to the review saga on SQLite " +
                "(each review's in order, up to the in-flight limit at once), then the deadline pump runs once; the outbox relay publishes what both owe, as in production. " +
                "The workers are not hosted: statutory notifications are written to the outbox and published to no one.");
            result.Note("Compliance (deadline ledger at the end): " + string.Join("; ", summary.ByStatus.Select(s => $"{s.Key} {s.Value:N0}")) +
                ". Reviews by state: " + string.Join("; ", summary.ByState.Select(s => $"{s.Key} {s.Value:N0}")) + ".");
            result.Note("Most missed deadlines, by rule: " + string.Join("; ", summary.MissedByRule.Select(s => $"{s.Key} {s.Value:N0}")) + ".");
            result.Note("Memory by simulated month (working set MiB / managed heap MiB): " +
                string.Join(", ", memory.Where((_, i) => i % 6 == 0 || i == memory.Count - 1).Select(m => $"{m.On:yyyy-MM} {m.WorkingSetMiB:N0}/{m.HeapMiB:N0}")) + ".");
            result.Note("Live heap after a full collection at each year's end (MiB): " + string.Join(", ", liveHeapByYear.Select(h => h.ToString("N1", CultureInfo.InvariantCulture))) + ".");
            result.Plot = Plots.Lines(options.Output, "decade.png", $"Memory over {years} simulated year(s)", "simulated day", "MiB",
            [
                ("working set", [.. memory.Select(m => (double)(m.On.DayNumber - Start.DayNumber))], [.. memory.Select(m => m.WorkingSetMiB)]),
                ("managed heap", [.. memory.Select(m => (double)(m.On.DayNumber - Start.DayNumber))], [.. memory.Select(m => m.HeapMiB)]),
            ]);
            result.Series["memory"] = [.. memory.Select(m => new[] { m.On.DayNumber - Start.DayNumber, m.WorkingSetMiB, m.HeapMiB })];
            return result;
        }
        finally
        {
            Directory.Delete(profiles, recursive: true);
        }
    }

    private static DateTimeOffset Noon(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    // National rules and one copy of Warrington's profile per simulated partnership.
    private static List<string> WriteProfiles(string folder, int count)
    {
        File.Copy(Path.Combine(ProfileLoader.ShippedDirectory, ProfileLoader.NationalProfileName + ".json"), Path.Combine(folder, ProfileLoader.NationalProfileName + ".json"));
        var warrington = File.ReadAllText(Path.Combine(ProfileLoader.ShippedDirectory, "warrington.json"));
        var names = new List<string>(count);
        for (var i = 1; i <= count; i++)
        {
            var name = $"partnership-{i:000}";
            var profile = JsonNode.Parse(warrington)!.AsObject();
            profile["name"] = name;
            profile["displayName"] = $"Simulated partnership {i:000} (Warrington's procedure)";
            File.WriteAllText(Path.Combine(folder, name + ".json"), profile.ToJsonString());
            names.Add(name);
        }

        return names;
    }

    private static async Task<(int Sent, int Faults)> Send(ISendEndpoint queue, CompletionTracker tracker, List<Life> due, DateOnly day, int inFlight,
        CancellationToken cancellationToken)
    {
        var faultsBefore = tracker.Faults;
        var sent = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken }, async (life, token) =>
        {
            while (life.Next is { } next && next.On <= day)
            {
                life.Take();
                await tracker.SendAndWait(queue, next.Event, token).ConfigureAwait(false);
                Interlocked.Increment(ref sent);
            }
        }).ConfigureAwait(false);
        return (sent, tracker.Faults - faultsBefore);
    }

    // The relay has published everything owed and the saga has taken it (the pump's firings go through the outbox).
    private static async Task WaitForQuiet(EmbeddedOrchestratorHost host, CancellationToken cancellationToken)
    {
        var relay = host.Services.GetRequiredService<OutboxRelay>();
        for (var i = 0; i < 600; i++)
        {
            await relay.RelayOnce(cancellationToken).ConfigureAwait(false);
            await using var scope = host.Services.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            if (!await database.Outbox.AnyAsync(o => o.SentAt == null, cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ComplianceSummary> Compliance(EmbeddedOrchestratorHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        var byStatus = await database.Deadlines.AsNoTracking().GroupBy(d => d.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync().ConfigureAwait(false);
        var missedRules = await database.Deadlines.AsNoTracking().Where(d => d.Status == DeadlineStatus.Missed).Select(d => d.Rule)
            .ToListAsync().ConfigureAwait(false);

        // A profile's own duties are named per partnership (partnership-017:agency-returns): counted by duty across them.
        var missedByRule = missedRules.GroupBy(r => r.Contains(':', StringComparison.Ordinal) ? "profile:" + r[(r.IndexOf(':', StringComparison.Ordinal) + 1)..] : r)
            .Select(g => new { g.Key, Count = g.Count() }).ToList();
        var byState = await database.Reviews.AsNoTracking().IgnoreAutoIncludes().GroupBy(r => r.CurrentState)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync().ConfigureAwait(false);
        var rejected = await database.Timeline.AsNoTracking().CountAsync(t => t.Outcome == TimelineEntry.Rejected).ConfigureAwait(false);
        var met = byStatus.Where(s => s.Key == DeadlineStatus.Met).Sum(s => s.Count);
        var missed = byStatus.Where(s => s.Key == DeadlineStatus.Missed).Sum(s => s.Count);
        return new ComplianceSummary(
            byState.Sum(s => s.Count),
            met + missed == 0 ? double.NaN : (double)met / (met + missed),
            byStatus.OrderByDescending(s => s.Count).Select(s => new KeyValuePair<string, int>(s.Key.ToString(), s.Count)).ToList(),
            byState.OrderByDescending(s => s.Count).Select(s => new KeyValuePair<string, int>(s.Key, s.Count)).ToList(),
            missedByRule.OrderByDescending(s => s.Count).Take(6).Select(s => new KeyValuePair<string, int>(s.Key, s.Count)).ToList(),
            rejected);
    }

    private sealed record ComplianceSummary(int Reviews, double MetShare, List<KeyValuePair<string, int>> ByStatus, List<KeyValuePair<string, int>> ByState,
        List<KeyValuePair<string, int>> MissedByRule, int Rejected);

    // One review's remaining events; the next is taken when it is sent.
    private sealed class Life(List<ScheduledEvent> events)
    {
        private int next;

        public ScheduledEvent? Next => next < events.Count ? events[next] : null;

        public void Take() => next++;
    }
}
