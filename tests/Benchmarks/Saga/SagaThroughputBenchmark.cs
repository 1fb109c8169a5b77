using Orchestration.Benchmarks.Harness;

namespace Orchestration.Benchmarks.Saga;

/// <summary>
/// Saga throughput on the embedded default: events per second applied through the whole transition (state,
/// deadlines, timeline, outbox, inbox, in one SQLite commit with synchronous as shipped), against two baselines
/// measured in the same run, interleaved run by run so that both see the same machine: SQLite's raw one-row commit
/// rate with the same settings, and MassTransit's in-memory saga repository with the same state machine.
/// </summary>
public static class SagaThroughputBenchmark
{
    /// <summary>The target for the embedded default, in events per second.</summary>
    private const double TargetEventsPerSecond = 2000;

    /// <summary>Runs the benchmark.</summary>
    public static async Task<BenchmarkResult> Run(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new BenchmarkResult("saga", "Saga throughput on the embedded default (in-memory transport, SQLite)")
        {
            Quick = options.Quick,
            Runs = options.RunCount,
        };
        var loadAtStart = MachineLoad.Now();
        var reviewsPerRun = options.Quick ? 60 : 250;
        var rawDuration = TimeSpan.FromSeconds(options.Quick ? 0.5 : 1.5);

        await using var product = await EmbeddedOrchestratorHost.Start().ConfigureAwait(false);
        await using var baseline = await InMemoryRepositoryHost.Start().ConfigureAwait(false);
        var (journal, synchronous) = await product.SqliteSettings().ConfigureAwait(false);
        var productQueue = await product.Queue().ConfigureAwait(false);
        var baselineQueue = await baseline.Queue().ConfigureAwait(false);

        // Warm both pipelines (JIT, EF's compiled model and query cache, MassTransit's pipes) before measuring.
        var warmUp = options.Quick ? 8 : 24;
        await EventDriver.Drive(productQueue, product.Tracker, NewReviews(warmUp), options.InFlight, cancellationToken).ConfigureAwait(false);
        await EventDriver.Drive(baselineQueue, baseline.Tracker, NewReviews(warmUp), options.InFlight, cancellationToken).ConfigureAwait(false);

        var productRates = new List<double>();
        var baselineRates = new List<double>();
        var rawRates = new List<double>();
        var rawSynchronous = string.Empty;
        var latencies = new List<double>();
        var productCpu = new List<double>();
        var baselineCpu = new List<double>();
        var productReviews = new List<Guid>();
        var baselineReviews = new List<Guid>();
        var faults = 0;
        for (var run = 0; run < options.RunCount; run++)
        {
            var (raw, rawSync) = await RawSqlite.OneRowCommitRate(rawDuration).ConfigureAwait(false);
            rawRates.Add(raw);
            rawSynchronous = rawSync;

            var reviews = NewReviews(reviewsPerRun);
            productReviews.AddRange(reviews);
            var cpuBefore = ProcessorTime();
            var measured = await EventDriver.Drive(productQueue, product.Tracker, reviews, options.InFlight, cancellationToken).ConfigureAwait(false);
            productCpu.Add((ProcessorTime() - cpuBefore).TotalMilliseconds / measured.Events);
            productRates.Add(measured.EventsPerSecond);
            latencies.AddRange(measured.LatenciesMs);
            faults += measured.Faults;

            var others = NewReviews(reviewsPerRun);
            baselineReviews.AddRange(others);
            cpuBefore = ProcessorTime();
            var inMemory = await EventDriver.Drive(baselineQueue, baseline.Tracker, others, options.InFlight, cancellationToken).ConfigureAwait(false);
            baselineCpu.Add((ProcessorTime() - cpuBefore).TotalMilliseconds / inMemory.Events);
            baselineRates.Add(inMemory.EventsPerSecond);
            faults += inMemory.Faults;
            Console.WriteLine($"  run {run + 1}/{options.RunCount}: embedded {measured.EventsPerSecond:N0} events/s ({productCpu[^1]:N2} CPU ms/event), " +
                $"in-memory repository {inMemory.EventsPerSecond:N0} events/s ({baselineCpu[^1]:N2} CPU ms/event), raw SQLite {raw:N0} commits/s");
        }

        result.Load = new MachineLoad(loadAtStart, MachineLoad.Now(), Environment.ProcessorCount);
        var toRaw = productRates.Zip(rawRates, (p, r) => p / r).ToList();
        var toInMemory = productRates.Zip(baselineRates, (p, b) => p / b).ToList();
        result.Add(new Figure("Embedded default: events/s through the full transition", Stats.Median(productRates), "events/s", TargetKind.AtLeast, TargetEventsPerSecond, productRates));
        result.Add(new Figure($"Raw SQLite one-row commits/s (WAL, synchronous={rawSynchronous})", Stats.Median(rawRates), "commits/s", Runs: rawRates));
        result.Add(new Figure("Ratio embedded / raw SQLite commits", Stats.Median(toRaw), "×", TargetKind.AtLeast, 0.5, toRaw));
        result.Add(new Figure("MassTransit in-memory saga repository, same machine: events/s", Stats.Median(baselineRates), "events/s", Runs: baselineRates));
        result.Add(new Figure("Ratio embedded / in-memory repository", Stats.Median(toInMemory), "×", Runs: toInMemory));
        result.Add(new Figure("Embedded: processor time per event (whole process, all cores)", Stats.Median(productCpu), "ms", Runs: productCpu));
        result.Add(new Figure("In-memory repository: processor time per event", Stats.Median(baselineCpu), "ms", Runs: baselineCpu));
        result.Add(new Figure("Embedded: latency per event p50 (closed loop)", Stats.Percentile(latencies, 50), "ms"));
        result.Add(new Figure("Embedded: latency per event p95", Stats.Percentile(latencies, 95), "ms"));
        result.Add(new Figure("Embedded: latency per event p99", Stats.Percentile(latencies, 99), "ms"));

        result.Plot = Plots.Bars(options.Output, "saga.png", $"Saga on the embedded default, medians of {options.RunCount} run(s)", "per second",
        [
            ("embedded default (events/s)", Stats.Median(productRates)),
            ("in-memory repository (events/s)", Stats.Median(baselineRates)),
            ($"raw SQLite ({rawSynchronous}) commits/s", Stats.Median(rawRates)),
        ], TargetEventsPerSecond, $"target: {Figure.Format(TargetEventsPerSecond)} events/s");

        var finished = await product.CountInState(productReviews, ReviewScripts.FinalState).ConfigureAwait(false);
        var finishedBaseline = await baseline.CountInState(baselineReviews, ReviewScripts.FinalState).ConfigureAwait(false);
        var rejections = await product.Rejections().ConfigureAwait(false);
        result.Note($"Each run drives {reviewsPerRun} reviews × {ReviewScripts.Length} events (a Warrington notification through the Rapid Review and a local CSPR to a decision not to publish), " +
            $"{options.InFlight} reviews in flight, each review's events in order; a warm-up of {warmUp} reviews per host is not counted.");
        result.Note($"The orchestrator's SQLite connections: journal_mode={journal}, synchronous={synchronous} (the migrator sets WAL and leaves synchronous at the connection default); the raw baseline uses the same.");
        result.Note($"Check: {finished}/{productReviews.Count} embedded and {finishedBaseline}/{baselineReviews.Count} in-memory reviews ended in {ReviewScripts.FinalState}; " +
            $"{rejections} rejected event(s) on the embedded timeline; {faults} faulted message(s).");
        result.Note("Runs interleave raw SQLite, embedded and in-memory so each ratio compares figures taken moments apart; the ratio is the median of the per-run ratios.");
        result.Note("Processor time per event is the process's user and system time during a drive divided by its events: what an event costs, " +
            "whatever else shares the machine (the embedded figure includes the outbox relay's work during the drive). On 2 cores, 1 ms per event caps a drive at 2,000 events/s.");
        return result;
    }

    private static TimeSpan ProcessorTime()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static List<Guid> NewReviews(int count) => [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid())];
}
