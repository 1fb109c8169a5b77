using Orchestration.Benchmarks.Broker;
using Orchestration.Benchmarks.Decade;
using Orchestration.Benchmarks.Harness;
using Orchestration.Benchmarks.Postgres;
using Orchestration.Benchmarks.Pump;
using Orchestration.Benchmarks.Saga;
using Orchestration.Benchmarks.Startup;

namespace Orchestration.Benchmarks;

/// <summary>The benchmark harness's entry point (docs/performance/README.md).</summary>
public static class BenchmarkProgram
{
    private const string Usage = """
        usage: Orchestration.Benchmarks <subcommand> [--quick] [--runs N] [--out DIR] [--in-flight N]
          saga       saga throughput on the embedded default vs raw SQLite commits and MassTransit's in-memory repository
          pump       deadline pump tick cost at 1k, 100k and 1M open deadlines; firing lag of 10k due at one instant
          rabbitmq   over a local RabbitMQ node: orchestrator vs raw RabbitMQ.Client and MassTransit's in-memory repository; latency at 200 events/s
          postgres   two orchestrator instances on one local PostgreSQL: events/s and conflict-retry rate
          startup    start-up time to ready and idle memory of the orchestrator and the workers host vs a bare ASP.NET Core app
          decade     ten years of a national caseload in virtual time through the real saga and pump (one year with --quick)
          all        every benchmark above in turn
        Results go to docs/performance/<subcommand>.json and .md (or --out DIR).
        """;

    /// <summary>Runs the benchmarks the command line names.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is [StartupBenchmark.BareWeb, ..])
        {
            return await StartupBenchmark.RunBareWeb(args[1..]).ConfigureAwait(false);
        }

        var options = BenchmarkOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var benchmarks = new Dictionary<string, Func<BenchmarkOptions, CancellationToken, Task<BenchmarkResult>>>(StringComparer.Ordinal)
        {
            ["saga"] = SagaThroughputBenchmark.Run,
            ["pump"] = DeadlinePumpBenchmark.Run,
            ["rabbitmq"] = RabbitMqBenchmark.Run,
            ["postgres"] = PostgresBenchmark.Run,
            ["startup"] = StartupBenchmark.Run,
            ["decade"] = DecadeSimulation.Run,
        };
        var chosen = options.Command == "all" ? [.. benchmarks.Keys] : new[] { options.Command };
        var failed = 0;
        foreach (var name in chosen)
        {
            if (!benchmarks.TryGetValue(name, out var run))
            {
                Console.Error.WriteLine($"Unknown subcommand '{name}'.");
                Console.Error.WriteLine(Usage);
                return 2;
            }

            Console.WriteLine($"== {name}{(options.Quick ? " (quick)" : string.Empty)}, load average {MachineLoad.Now():0.00} on {Environment.ProcessorCount} cores");
            try
            {
                var result = await run(options, cancel.Token).ConfigureAwait(false);
                var written = await ReportWriter.Write(result, options.Output).ConfigureAwait(false);
                Console.WriteLine($"  written: {written}");
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A benchmark reports; it does not stop the others. Its failure is printed and counted in the exit code.
                Console.Error.WriteLine($"  {name} failed: {error}");
                failed++;
            }
        }

        return failed == 0 ? 0 : 1;
    }
}
