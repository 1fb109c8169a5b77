using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Benchmarks.Harness;
using Orchestration.Workers.Tests;

namespace Orchestration.Benchmarks.Startup;

/// <summary>
/// Start-up time to ready and idle memory of each process, built as it ships (Release), each started as its own
/// `dotnet` process on the embedded default with its data in a temporary folder: the orchestrator (ready when
/// <c>/health/ready</c> answers 200) and the workers host (ready when the host logs that it has started). The
/// baseline, started the same way in the same run, is a bare ASP.NET Core application (this program's hidden
/// <c>bare-web</c> subcommand: one health endpoint, nothing else).
/// </summary>
public static class StartupBenchmark
{
    /// <summary>The hidden subcommand that runs the bare web application.</summary>
    public const string BareWeb = "bare-web";

    /// <summary>Runs the benchmark.</summary>
    public static async Task<BenchmarkResult> Run(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new BenchmarkResult("startup", "Start-up time to ready and idle memory")
        {
            Quick = options.Quick,
            Runs = options.RunCount,
        };
        var loadAtStart = MachineLoad.Now();
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var root = BenchmarkOptions.RepositoryRoot();
        var orchestrator = Path.Combine(root, "src", "Orchestrator", "bin", configuration, "net10.0", "Orchestration.Orchestrator.dll");
        var workers = Path.Combine(root, "src", "Workers.Host", "bin", configuration, "net10.0", "Orchestration.Workers.Host.dll");
        var bare = Path.Combine(AppContext.BaseDirectory, "Orchestration.Benchmarks.dll");
        var idle = TimeSpan.FromSeconds(options.Quick ? 2 : 5);
        var figures = new Dictionary<string, (List<double> Ready, List<double> Memory)>
        {
            ["bare ASP.NET Core"] = ([], []),
            ["orchestrator"] = ([], []),
            ["workers host"] = ([], []),
        };
        for (var run = 0; run < options.RunCount; run++)
        {
            foreach (var (name, figure) in figures)
            {
                var (ready, memory) = name switch
                {
                    "orchestrator" => await Measure(orchestrator, [], http: true, idle, cancellationToken).ConfigureAwait(false),
                    "workers host" => await Measure(workers, [], http: false, idle, cancellationToken).ConfigureAwait(false),
                    _ => await Measure(bare, [BareWeb], http: true, idle, cancellationToken).ConfigureAwait(false),
                };
                figure.Ready.Add(ready);
                figure.Memory.Add(memory);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run + 1}: {name} ready in {ready:N0} ms, {memory:N1} MiB resident"));
            }
        }

        result.Load = new MachineLoad(loadAtStart, MachineLoad.Now(), Environment.ProcessorCount);
        foreach (var (name, figure) in figures)
        {
            result.Add(new Figure($"{name}: start to ready", Stats.Median(figure.Ready), "ms", Runs: figure.Ready));
            result.Add(new Figure($"{name}: resident memory {idle.TotalSeconds:N0} s after ready", Stats.Median(figure.Memory), "MiB", Runs: figure.Memory));
        }

        var baseReady = figures["bare ASP.NET Core"].Ready;
        foreach (var name in new[] { "orchestrator", "workers host" })
        {
            var ratios = figures[name].Ready.Zip(baseReady, (a, b) => a / b).ToList();
            result.Add(new Figure($"Ratio {name} / bare ASP.NET Core start-up", Stats.Median(ratios), "×", Runs: ratios));
        }

        result.Note($"Each process is `dotnet <dll>` from its {configuration} build, started from its own folder (so it reads its appsettings.json) with its data in a new temporary folder: a fresh SQLite database migrated at start.");
        result.Note("Ready: the orchestrator and the bare application when GET /health/ready answers 200 (polled every 20 ms); the workers host when it logs \"Application started\". Memory: VmRSS from /proc.");
        return result;
    }

    /// <summary>Runs the bare web application until it is stopped (the baseline's own process).</summary>
    public static async Task<int> RunBareWeb(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapHealthChecks("/health/ready");
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task<(double ReadyMs, double ResidentMiB)> Measure(string dll, string[] arguments, bool http, TimeSpan idle, CancellationToken cancellationToken)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build it first (dotnet build -c Release): {dll}", dll);
        }

        var data = Directory.CreateTempSubdirectory("bench-startup-").FullName;
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Reviews"] = $"Data Source={Path.Combine(data, "orchestrator.db")}";
        start.Environment["ConnectionStrings__Workers"] = $"Data Source={Path.Combine(data, "workers.db")}";
        start.Environment["Email__PickupDirectory"] = Path.Combine(data, "mail-pickup");
        start.Environment["Documents__Path"] = Path.Combine(data, "documents");
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{dll} did not start");
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (http)
            {
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
                var until = DateTime.UtcNow.AddMinutes(2);
                while (true)
                {
                    try
                    {
                        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), cancellationToken).ConfigureAwait(false);
                        if (response.IsSuccessStatusCode)
                        {
                            break;
                        }
                    }
                    catch (Exception error) when (error is HttpRequestException || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                    {
                        // Not listening yet, or not answering within the poll's timeout.
                    }

                    if (process.HasExited || DateTime.UtcNow > until)
                    {
                        throw new InvalidOperationException($"{Path.GetFileName(dll)} never became ready (exit code {(process.HasExited ? process.ExitCode : -1)}).");
                    }

                    await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await started.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            }

            var ready = clock.Elapsed.TotalMilliseconds;
            await Task.Delay(idle, cancellationToken).ConfigureAwait(false);
            return (ready, ResidentMiB(process.Id));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static double ResidentMiB(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = double.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kib / 1024;
    }
}
