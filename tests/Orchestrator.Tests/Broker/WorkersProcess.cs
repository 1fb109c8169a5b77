using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orchestration.Orchestrator.Tests.Broker;

/// <summary>
/// The workers as their own process (src/Workers.Host, built with the tests), configured through environment
/// variables the way a deployment would configure them, with a ledger and a folder of their own.
/// </summary>
public sealed class WorkersProcess : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("workers-process-").FullName;
    private readonly ConcurrentQueue<string> output = new();
    private readonly Dictionary<string, string?> settings;
    private Process? process;

    /// <summary>
    /// Workers configured with <paramref name="settings"/> (keys as in appsettings, e.g. <c>Transport:Kind</c>), laid over
    /// a SQLite ledger and a pickup folder of their own.
    /// </summary>
    public WorkersProcess(IReadOnlyDictionary<string, string?> settings)
    {
        this.settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workers"] = $"Data Source={Path.Combine(folder, "workers.db")}",
            ["Email:PickupDirectory"] = Path.Combine(folder, "pickup"),
            ["Delivery:PollInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            this.settings[key] = value;
        }
    }

    /// <summary>
    /// Configuration for workers on <paramref name="transport"/> that send through the test SMTP server on
    /// <paramref name="smtpPort"/> (no TLS), with an address for every role of Warrington's.
    /// </summary>
    public static Dictionary<string, string?> SendingThroughSmtp(IReadOnlyDictionary<string, string?> transport, int smtpPort)
    {
        var settings = new Dictionary<string, string?>(transport)
        {
            ["Email:Channel"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
        };
        foreach (var role in new[] { "BusinessUnit", "SafeguardingPartners", "IndependentScrutiny", "Agencies", "Referrer", "HeadOfService", "ChiefOfficer", "ElectedMembers", "CommunicationsTeam", "Family" })
        {
            settings[$"Recipients:Partnerships:warrington:Roles:{role}"] = $"{role.ToLowerInvariant()}@warrington.example";
        }

        return settings;
    }

    /// <summary>What the process wrote, for a failing test's message.</summary>
    public string Output => string.Join('\n', output.TakeLast(40));

    /// <summary>
    /// The built Orchestration.Workers.Host.dll in the same configuration as the tests (the tests' project builds it
    /// first; it is not a project reference, whose appsettings.json would overwrite the orchestrator's in the tests' output).
    /// </summary>
    public static string Executable
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = tfm.Parent!.Name;
            var root = tfm.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "Workers.Host", "bin", configuration, tfm.Name, "Orchestration.Workers.Host.dll");
        }
    }

    /// <summary>Starts the process and waits until its bus has started (its queue exists on the broker).</summary>
    public async Task Start(Func<Task<bool>> ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        Assert.True(File.Exists(Executable), $"The workers' process is not built at {Executable} (tests/Orchestrator.Tests builds it before itself).");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Executable },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Executable)!,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("the workers' process did not start");
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await ready())
        {
            Assert.False(process.HasExited, "the workers' process exited: " + Output);
            Assert.True(DateTime.UtcNow < deadline, "the workers' process was not ready within 60 seconds: " + Output);
            await Task.Delay(200);
        }
    }

    /// <summary>Stops the process.</summary>
    public async Task Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Stop();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
