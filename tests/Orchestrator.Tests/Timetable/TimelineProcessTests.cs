using System.Diagnostics;

namespace Orchestration.Orchestrator.Tests.Timetable;

/// <summary>The verb as a user runs it: the orchestrator executable, a separate process.</summary>
public sealed class TimelineProcessTests
{
    [Fact]
    public async Task The_orchestrator_executable_prints_the_timetable_and_exits()
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Orchestration.Orchestrator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly, "timeline", "--profile", "llr", "--referral", "2026-12-18" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await error);
        var lines = (await output).Split('\n');
        Assert.Contains(lines, l => l.StartsWith("Wed 13 Jan 2027", StringComparison.Ordinal) && l.Contains(" N5 ", StringComparison.Ordinal) && l.Contains("002 §4.9", StringComparison.Ordinal));
    }
}
