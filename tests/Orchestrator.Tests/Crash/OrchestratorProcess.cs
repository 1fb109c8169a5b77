using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

using Orchestration.Workers.Tests;

namespace Orchestration.Orchestrator.Tests.Crash;

/// <summary>
/// The built orchestrator (<c>dotnet Orchestration.Orchestrator.dll</c>) as a separate process over one SQLite
/// file, on virtual time, with the command journal on: started, killed with SIGKILL, started again, stopped.
/// Callers wait on <see cref="WhenReady"/>, which stays pending from just before a kill until the next
/// process answers <c>/health/ready</c>.
/// </summary>
public sealed class OrchestratorProcess : IAsyncDisposable
{
    /// <summary>Virtual "now" for every life of the process: after every date the workload uses.</summary>
    public const string ClockStart = "2028-06-30T12:00:00Z";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly Lock gate = new();
    private readonly ConcurrentQueue<string> output = new();
    private readonly ConcurrentQueue<string> unexpectedExits = new();
    private readonly HttpClient probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private Process? process;
    private TaskCompletionSource<Life> ready = NewReady();
    private int generation;

    /// <summary>Runs the orchestrator over <paramref name="databaseFile"/>.</summary>
    public OrchestratorProcess(string databaseFile) => DatabaseFile = databaseFile;

    /// <summary>The SQLite file the orchestrator keeps everything in.</summary>
    public string DatabaseFile { get; }

    /// <summary>How many times a process was started and became ready.</summary>
    public int Starts { get; private set; }

    /// <summary>How many times a process was killed with SIGKILL.</summary>
    public int Kills { get; private set; }

    /// <summary>The total time spent waiting for started processes to become ready.</summary>
    public TimeSpan TimeToReady { get; private set; }

    /// <summary>Processes that exited without being killed or stopped: a crash, a crash loop.</summary>
    public IReadOnlyCollection<string> UnexpectedExits => unexpectedExits;

    /// <summary>The connection string the orchestrator uses.</summary>
    public string ConnectionString => $"Data Source={DatabaseFile}";

    /// <summary>The in-process workers' ledger.</summary>
    public string WorkersDatabaseFile => DatabaseFile + ".workers.db";

    /// <summary>The folder the in-process workers write email to.</summary>
    public string PickupFolder => DatabaseFile + ".pickup";

    /// <summary>The running process's life (its number and address), once it is ready.</summary>
    public Task<Life> WhenReady()
    {
        lock (gate)
        {
            return ready.Task;
        }
    }

    /// <summary>Starts a process and waits until it answers <c>/health/ready</c>.</summary>
    public async Task Start(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.Free();
            var address = new Uri($"http://127.0.0.1:{port}/");
            var started = Launch(address);
            var clock = Stopwatch.StartNew();
            string? failure = null;
            while (failure is null)
            {
                if (started.HasExited)
                {
                    failure = $"exited with code {started.ExitCode} before it was ready";
                    break;
                }

                if (clock.Elapsed > ReadyTimeout)
                {
                    failure = $"was not ready after {ReadyTimeout.TotalSeconds:0} s";
                    Terminate(started);
                    break;
                }

                try
                {
                    using var response = await probe.GetAsync(new Uri(address, "health/ready"), cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The probe timed out; try again.
                }

                await Task.Delay(25, cancellationToken);
            }

            if (failure is null)
            {
                TimeToReady += clock.Elapsed;
                lock (gate)
                {
                    process = started;
                    generation++;
                    Starts++;
                    ready.TrySetResult(new Life(generation, address));
                }

                return;
            }

            started.Dispose();

            // A port taken between choosing it and binding it is the one failure worth a second try.
            if (attempt >= 3 || !Tail().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The orchestrator {failure} (start {Starts + 1}). Its last output:\n{Tail()}");
            }
        }
    }

    /// <summary>Kills the process with SIGKILL (and waits until it is gone); callers wait for the next start.</summary>
    public int Kill()
    {
        Process? victim;
        lock (gate)
        {
            victim = process;
            process = null;
            ready = NewReady();
        }

        if (victim is null)
        {
            return 0;
        }

        Terminate(victim);
        var pid = victim.Id;
        victim.Dispose();
        Kills++;
        return pid;
    }

    /// <summary>Stops the process as an operator would (SIGTERM), killing it if it does not stop within the timeout.</summary>
    public async Task Stop(TimeSpan timeout)
    {
        Process? running;
        lock (gate)
        {
            running = process;
            process = null;
            ready = NewReady();
        }

        if (running is null)
        {
            return;
        }

        try
        {
            using var signal = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
            await signal.WaitForExitAsync();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1) on this machine: stop it the hard way; SQLite recovers its log when the file is next opened.
            Terminate(running);
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await running.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Terminate(running);
            throw new InvalidOperationException($"The orchestrator did not stop within {timeout.TotalSeconds:0} s of SIGTERM. Its last output:\n{Tail()}");
        }
        finally
        {
            running.Dispose();
        }
    }

    /// <summary>The last lines the processes wrote.</summary>
    public string Tail(int lines = 60) => string.Join('\n', output.TakeLast(lines));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Process? running;
        lock (gate)
        {
            running = process;
            process = null;
        }

        if (running is not null)
        {
                Terminate(running);
            running.Dispose();
        }

        probe.Dispose();
        await Task.CompletedTask;
    }

    private Process Launch(Uri address)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Orchestration.Orchestrator.dll"), "--urls", address.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Auth__DevelopmentApiKey"] = OrchestratorFactory.DevelopmentKey;
        start.Environment["ConnectionStrings__Reviews"] = ConnectionString;
        start.Environment["Clock__Mode"] = "Virtual";
        start.Environment["Clock__Start"] = ClockStart;
        start.Environment["Diagnostics__CommandJournal"] = "true";
        start.Environment["Deadlines__PumpEnabled"] = "true";
        start.Environment["Deadlines__PumpInterval"] = "00:00:01";
        start.Environment["Outbox__PollInterval"] = "00:00:00.200";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ConnectionStrings__Workers"] = $"Data Source={WorkersDatabaseFile}";
        start.Environment["Email__PickupDirectory"] = PickupFolder;
        start.Environment["Documents__Path"] = DatabaseFile + ".documents";
        start.Environment["Delivery__PollInterval"] = "00:00:00.200";

        // Claims are in virtual time, which stands still until the final advance: a claim a kill left behind lapses then.
        start.Environment["Delivery__ClaimTimeout"] = "00:00:30";

        var started = new Process { StartInfo = start, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, line) => Keep(line.Data);
        started.ErrorDataReceived += (_, line) => Keep(line.Data);
        started.Exited += (_, _) =>
        {
            bool current;
            lock (gate)
            {
                current = ReferenceEquals(process, started);
            }

            if (current)
            {
                unexpectedExits.Enqueue($"The orchestrator (life {generation}) exited by itself with code {SafeExitCode(started)}. Its last output:\n{Tail()}");
            }
        };
        if (!started.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }

        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 400 && output.TryDequeue(out _))
        {
            // Only the tail is kept for diagnostics.
        }
    }

    private static void Terminate(Process victim)
    {
        try
        {
            // On Linux this is SIGKILL, to the process and anything it started.
            victim.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }

        victim.WaitForExit();
    }

    private static string SafeExitCode(Process exited)
    {
        try
        {
            return exited.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }


    private static TaskCompletionSource<Life> NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One life of the orchestrator: its number (1 for the first start) and its address.</summary>
    public sealed record Life(int Generation, Uri Address);
}
