using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Benchmarks.Harness;
using Orchestration.Benchmarks.Saga;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Benchmarks.Postgres;

/// <summary>
/// Two orchestrator instances sharing one PostgreSQL database (each with its own in-memory bus, relay and pump
/// claiming rows with SKIP LOCKED): events per second when a review's events alternate between the instances (in
/// order, as competing consumers on one queue would take them), and the conflict-retry rate, both then and when every
/// event reaches both instances at once (a redelivery racing the original), where each conflict is a save refused by
/// the version token or a unique key and run again by the endpoint's retry.
/// </summary>
public static class PostgresBenchmark
{
    /// <summary>Runs the benchmark.</summary>
    public static async Task<BenchmarkResult> Run(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new BenchmarkResult("postgres", "PostgreSQL with two orchestrator instances")
        {
            Quick = options.Quick,
            Runs = options.RunCount,
        };
        var loadAtStart = MachineLoad.Now();
        await using var server = await LocalPostgres.Start().ConfigureAwait(false);
        await server.CreateDatabase("cspr_reviews").ConfigureAwait(false);
        await server.CreateDatabase("cspr_workers").ConfigureAwait(false);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Reviews"] = server.ConnectionString("cspr_reviews"),
            ["ConnectionStrings:Workers"] = server.ConnectionString("cspr_workers"),
            ["Outbox:RecoverUnconsumedOnStart"] = "false",

            // Refused saves are the point here, and EF Core logs each as an error: the counter reports them instead.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
        };
        var counters = new[] { new ConflictCounter(), new ConflictCounter() };
        await using var first = await EmbeddedOrchestratorHost.Start(settings, services: s => Count(s, counters[0])).ConfigureAwait(false);
        await using var second = await EmbeddedOrchestratorHost.Start(settings, services: s => Count(s, counters[1])).ConfigureAwait(false);
        var hosts = new[] { first, second };
        var queues = new[] { await first.Queue().ConfigureAwait(false), await second.Queue().ConfigureAwait(false) };

        var reviewsPerRun = options.Quick ? 40 : 150;
        await Drive(hosts, queues, NewReviews(options.Quick ? 8 : 24), options.InFlight, both: false, cancellationToken).ConfigureAwait(false);
        var rates = new List<double>();
        var sharedRates = new List<double>();
        var contendedRates = new List<double>();
        var contendedConflicts = new List<double>();
        var reviews = new List<Guid>();
        for (var run = 0; run < options.RunCount; run++)
        {
            var before = counters.Sum(c => c.Conflicts);
            var batch = NewReviews(reviewsPerRun);
            reviews.AddRange(batch);
            var rate = await Drive(hosts, queues, batch, options.InFlight, both: false, cancellationToken).ConfigureAwait(false);
            rates.Add(rate);
            sharedRates.Add((counters.Sum(c => c.Conflicts) - before) / (double)(reviewsPerRun * ReviewScripts.Length));

            before = counters.Sum(c => c.Conflicts);
            var contended = NewReviews(reviewsPerRun);
            reviews.AddRange(contended);
            var contendedRate = await Drive(hosts, queues, contended, options.InFlight, both: true, cancellationToken).ConfigureAwait(false);
            contendedRates.Add(contendedRate);
            contendedConflicts.Add((counters.Sum(c => c.Conflicts) - before) / (double)(reviewsPerRun * ReviewScripts.Length));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {run + 1}/{options.RunCount}: {rate:N0} events/s alternating, {contendedRate:N0} events/s with every event sent to both"));
        }

        result.Load = new MachineLoad(loadAtStart, MachineLoad.Now(), Environment.ProcessorCount);
        result.Add(new Figure("Two instances, events alternating between them: events/s", Stats.Median(rates), "events/s", Runs: rates));
        result.Add(new Figure("  conflicts retried per event", Stats.Median(sharedRates), "per event", Runs: sharedRates));
        result.Add(new Figure("Two instances, every event sent to both at once: distinct events/s", Stats.Median(contendedRates), "events/s", Runs: contendedRates));
        result.Add(new Figure("  conflicts retried per event", Stats.Median(contendedConflicts), "per event", Runs: contendedConflicts));
        var finished = await first.CountInState(reviews, ReviewScripts.FinalState).ConfigureAwait(false);
        var rejected = await first.Rejections().ConfigureAwait(false);
        result.Note($"PostgreSQL 15 as a local process on loopback; two orchestrator instances in this process on the same database (Database:Provider=PostgreSQL), each with its own in-memory bus; {reviewsPerRun} reviews × {ReviewScripts.Length} events per run, {options.InFlight} reviews in flight, each review's events in order.");
        result.Note("A conflict is a save refused by the review's version token or a unique key (DbUpdateException), counted by an EF Core interceptor; the endpoint's retry runs the message again from a fresh read, and the gate then drops a duplicate.");
        result.Note($"Check: {finished}/{reviews.Count} reviews ended in {ReviewScripts.FinalState}; {rejected} rejected event(s) on the timelines " +
            "(in the runs sending every event to both, a copy that passed the gate before the original committed but read the review after it is not valid in the state the original left, and is recorded as rejected, as the lifecycle requires).");
        return result;
    }

    private static void Count(IServiceCollection services, ConflictCounter counter) =>
        services.ConfigureDbContext<PostgreSqlReviewsDbContext>((_, options) => options.AddInterceptors(counter));

    // Each review's events go one after another; event i goes to instance (review + i) mod 2, or to both at once.
    private static async Task<double> Drive(EmbeddedOrchestratorHost[] hosts, ISendEndpoint[] queues, List<Guid> reviews, int inFlight, bool both, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var events = 0;
        await Parallel.ForEachAsync(reviews.Select((id, n) => (id, n)), new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken }, async (review, token) =>
        {
            var script = ReviewScripts.For(review.id);
            for (var i = 0; i < script.Count; i++)
            {
                var targets = both ? new[] { 0, 1 } : [(review.n + i) % 2];
                var waits = new List<Task>();
                foreach (var target in targets)
                {
                    var messageId = NewId.NextGuid();
                    waits.Add(hosts[target].Tracker.Expect(messageId));
                    await queues[target].Send(script[i], context => context.MessageId = messageId, token);
                }

                await Task.WhenAll(waits).WaitAsync(TimeSpan.FromMinutes(2), token);
                Interlocked.Increment(ref events);
            }
        });
        return events / clock.Elapsed.TotalSeconds;
    }

    private static List<Guid> NewReviews(int count) => [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid())];
}
