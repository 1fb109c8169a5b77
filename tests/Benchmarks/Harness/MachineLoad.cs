using System.Globalization;

namespace Orchestration.Benchmarks.Harness;

/// <summary>
/// How busy the machine was while a benchmark ran: the one-minute load average (Linux) at its start and end, and
/// whether that exceeded half the cores. A figure taken on a busy machine is recorded as such: ratios to a
/// baseline measured in the same run still mean something, absolute figures less so.
/// </summary>
public sealed record MachineLoad(double LoadAtStart, double LoadAtEnd, int Cores)
{
    /// <summary>
    /// Whether other work was competing for the cores: judged by the load when the benchmark started. The load at the
    /// end includes the benchmark's own threads (a saturated 2-core run ends near 2 on its own), so it is reported, not
    /// judged; a run on a quiet machine that another job joined shows it as an end load well above the cores.
    /// </summary>
    public bool Busy => LoadAtStart > Cores * 0.5 || LoadAtEnd > Cores * 1.5;

    /// <summary>The one-minute load average, or NaN where /proc/loadavg does not exist.</summary>
    public static double Now()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }
}
