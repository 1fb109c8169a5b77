using System.Globalization;
using Orchestration.Benchmarks.Harness;
using Orchestration.Benchmarks.Saga;
using Orchestration.Infrastructure;
using Orchestration.Workers.Tests.Brokers;

namespace Orchestration.Benchmarks.Broker;

/// <summary>
/// Over RabbitMQ (a real node started as a local process on loopback): the orchestrator's saga end to end with SQLite,
/// against raw RabbitMQ.Client moving the same number of persistent messages with confirms and acks, and against
/// MassTransit's in-memory saga repository over the same broker; and latency at a fixed offered rate.
/// </summary>
public static class RabbitMqBenchmark
{
    private const double OfferedRate = 200;

    /// <summary>Runs the benchmark.</summary>
    public static async Task<BenchmarkResult> Run(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new BenchmarkResult("rabbitmq", "Over RabbitMQ: end-to-end throughput and latency")
        {
            Quick = options.Quick,
            Runs = options.RunCount,
        };
        var loadAtStart = MachineLoad.Now();
        await using var broker = await RabbitMqBroker.Start().ConfigureAwait(false);
        var settings = broker.Settings;

        // No workers process here: commands need not wait for the workers' queue (they go to no one).
        settings["Outbox:CommandsMustBeRouted"] = "false";
        await using var product = await EmbeddedOrchestratorHost.Start(settings).ConfigureAwait(false);
        var transport = new TransportOptions { Kind = TransportKind.RabbitMQ };
        transport.RabbitMQ.Host = "127.0.0.1";
        transport.RabbitMQ.Port = broker.Port;
        await using var baseline = await InMemoryRepositoryHost.Start(transport).ConfigureAwait(false);
        var productQueue = await product.Queue().ConfigureAwait(false);
        var baselineQueue = await baseline.Queue().ConfigureAwait(false);

        var reviewsPerRun = options.Quick ? 40 : 150;
        var events = reviewsPerRun * ReviewScripts.Length;
        var warmUp = options.Quick ? 8 : 24;
        await EventDriver.Drive(productQueue, product.Tracker, NewReviews(warmUp), options.InFlight, cancellationToken).ConfigureAwait(false);
        await EventDriver.Drive(baselineQueue, baseline.Tracker, NewReviews(warmUp), options.InFlight, cancellationToken).ConfigureAwait(false);
        await RawRabbitMq.PublishAndConsume(broker.Port, 1000, 512, cancellationToken).ConfigureAwait(false);

        var productRates = new List<double>();
        var baselineRates = new List<double>();
        var rawRates = new List<double>();
        var productReviews = new List<Guid>();
        var faults = 0;
        for (var run = 0; run < options.RunCount; run++)
        {
            var raw = await RawRabbitMq.PublishAndConsume(broker.Port, events, 512, cancellationToken).ConfigureAwait(false);
            rawRates.Add(raw);
            var reviews = NewReviews(reviewsPerRun);
            productReviews.AddRange(reviews);
            var measured = await EventDriver.Drive(productQueue, product.Tracker, reviews, options.InFlight, cancellationToken).ConfigureAwait(false);
            productRates.Add(measured.EventsPerSecond);
            faults += measured.Faults;
            var inMemory = await EventDriver.Drive(baselineQueue, baseline.Tracker, NewReviews(reviewsPerRun), options.InFlight, cancellationToken).ConfigureAwait(false);
            baselineRates.Add(inMemory.EventsPerSecond);
            faults += inMemory.Faults;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {run + 1}/{options.RunCount}: orchestrator {measured.EventsPerSecond:N0} events/s, in-memory repository {inMemory.EventsPerSecond:N0} events/s, raw client {raw:N0} messages/s"));
        }

        var offered = options.Quick ? 1000 : 3000;
        var latencies = await OpenLoopDriver.Offer(productQueue, product.Tracker, OfferedRate, offered, cancellationToken).ConfigureAwait(false);
        result.Load = new MachineLoad(loadAtStart, MachineLoad.Now(), Environment.ProcessorCount);

        var toRaw = productRates.Zip(rawRates, (p, r) => p / r).ToList();
        var toBaseline = productRates.Zip(baselineRates, (p, b) => p / b).ToList();
        result.Add(new Figure("Orchestrator over RabbitMQ (SQLite): events/s end to end", Stats.Median(productRates), "events/s", Runs: productRates));
        result.Add(new Figure("Raw RabbitMQ.Client, same number of persistent 512 B messages, confirms + acks", Stats.Median(rawRates), "messages/s", Runs: rawRates));
        result.Add(new Figure("Ratio orchestrator / raw client", Stats.Median(toRaw), "×", TargetKind.AtLeast, 0.3, toRaw));
        result.Add(new Figure("MassTransit in-memory saga repository over RabbitMQ: events/s", Stats.Median(baselineRates), "events/s", Runs: baselineRates));
        result.Add(new Figure("Ratio orchestrator / in-memory repository", Stats.Median(toBaseline), "×", TargetKind.AtLeast, 0.75, toBaseline));
        result.Add(new Figure($"Latency p50 at {OfferedRate:N0} events/s offered", Stats.Percentile(latencies, 50), "ms"));
        result.Add(new Figure("Latency p95", Stats.Percentile(latencies, 95), "ms"));
        result.Add(new Figure("Latency p99", Stats.Percentile(latencies, 99), "ms", TargetKind.AtMost, 50));

        if (Stats.Median(productRates) < OfferedRate)
        {
            result.Note($"The offered {OfferedRate:N0} events/s exceed the throughput measured above, so the queue grows while the latency is measured: these latencies are mostly queueing.");
        }

        var finished = await product.CountInState(productReviews, ReviewScripts.FinalState).ConfigureAwait(false);
        result.Note($"RabbitMQ {broker.Port}: Debian's rabbitmq-server as a local process (tests/Workers.Tests/Brokers/RabbitMqBroker.cs), classic durable queues, publisher confirms, prefetch 32, as the orchestrator configures them.");
        result.Note($"Each run sends {reviewsPerRun} reviews × {ReviewScripts.Length} events to the saga's queue, {options.InFlight} reviews in flight, each review's events in order; the raw client moves the same number ({events:N0}) of messages. The in-memory-repository saga has a queue of its own on the same broker.");
        result.Note($"Latency: {offered:N0} events offered at {OfferedRate:N0}/s (open loop) across reviews, from the send to the end of the saga's processing.");
        result.Note($"The orchestrator runs without a workers process (Outbox:CommandsMustBeRouted=false, so its outbox publishes commands to no one). Check: {finished}/{productReviews.Count} reviews ended in {ReviewScripts.FinalState}; {faults} faulted message(s).");
        return result;
    }

    private static List<Guid> NewReviews(int count) => [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid())];
}
