namespace Orchestration.Benchmarks.Harness;

/// <summary>
/// A one-line progress bar for long benchmarks: redrawn in place on a terminal; when the output is redirected (a log,
/// CI), one plain line per tenth of the way instead, so the log stays readable.
/// </summary>
public sealed class ProgressBar(int total)
{
    private const int Width = 30;
    private readonly bool inPlace = !Console.IsOutputRedirected;
    private int lastTenth = -1;
    private long lastDrawn;

    /// <summary>Shows <paramref name="done"/> of the total, with <paramref name="status"/> after the bar.</summary>
    public void Show(int done, string status)
    {
        var fraction = total == 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
        if (inPlace)
        {
            // At most ten redraws a second: drawing is not free and the eye does not need more.
            var now = Environment.TickCount64;
            if (now - lastDrawn < 100 && done < total)
            {
                return;
            }

            lastDrawn = now;
            var filled = (int)Math.Round(fraction * Width);
            Console.Write($"\r  [{new string('#', filled)}{new string('-', Width - filled)}] {fraction,4:P0} {status}".PadRight(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 0));
            return;
        }

        var tenth = (int)(fraction * 10);
        if (tenth != lastTenth)
        {
            lastTenth = tenth;
            Console.WriteLine($"  {fraction,4:P0} {status}");
        }
    }

    /// <summary>Ends the bar's line.</summary>
    public void Done()
    {
        if (inPlace)
        {
            Console.WriteLine();
        }
    }
}
