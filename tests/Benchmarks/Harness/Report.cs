using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestration.Benchmarks.Harness;

/// <summary>How a figure compares with its target.</summary>
public enum TargetKind
{
    /// <summary>No target: reported for information.</summary>
    None,

    /// <summary>The figure should be at least the target.</summary>
    AtLeast,

    /// <summary>The figure should be at most the target.</summary>
    AtMost,
}

/// <summary>One reported figure: a median (or a percentile) with its unit and, where it has one, its target.</summary>
public sealed record Figure(string Name, double Value, string Unit, TargetKind Kind = TargetKind.None, double Target = double.NaN, IReadOnlyList<double>? Runs = null)
{
    /// <summary>Whether the figure meets its target (null when it has none).</summary>
    public bool? Met => Kind switch
    {
        TargetKind.AtLeast => Value >= Target,
        TargetKind.AtMost => Value <= Target,
        _ => null,
    };

    /// <summary>The target in words, e.g. "≥ 2,000".</summary>
    public string TargetText => Kind switch
    {
        TargetKind.AtLeast => $"≥ {Format(Target)}",
        TargetKind.AtMost => $"≤ {Format(Target)}",
        _ => string.Empty,
    };

    /// <summary>A number as the reports print it: thousands separated, two decimals below 10.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "n/a"
        : Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("N1", CultureInfo.InvariantCulture)
        : value.ToString("N2", CultureInfo.InvariantCulture);
}

/// <summary>What one benchmark measured: its figures, the conditions, and notes on how to read them.</summary>
public sealed class BenchmarkResult(string name, string title)
{
    /// <summary>The subcommand that produced it.</summary>
    public string Name { get; } = name;

    /// <summary>A heading for the report.</summary>
    public string Title { get; } = title;

    /// <summary>When it ran (UTC).</summary>
    public DateTimeOffset RanAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Whether it ran in quick mode (fewer, shorter runs).</summary>
    public bool Quick { get; set; }

    /// <summary>How many measured runs each median is taken over.</summary>
    public int Runs { get; set; }

    /// <summary>The machine's load while it ran.</summary>
    public MachineLoad? Load { get; set; }

    /// <summary>The figures, in the order they are reported.</summary>
    public List<Figure> Figures { get; } = [];

    /// <summary>Conditions and caveats, one sentence each.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>A PNG next to the report, if one was drawn.</summary>
    public string? Plot { get; set; }

    /// <summary>Series of points behind the figures (for plots), by name; each point is a row of numbers.</summary>
    public Dictionary<string, List<double[]>> Series { get; } = [];

    /// <summary>Adds a figure and prints it.</summary>
    public Figure Add(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        Figures.Add(figure);
        var verdict = figure.Met switch
        {
            true => $"  target {figure.TargetText}: met",
            false => $"  target {figure.TargetText}: NOT met",
            null => string.Empty,
        };
        var runs = figure.Runs is { Count: > 1 } r ? $"  (runs: {string.Join(", ", r.Select(Figure.Format))})" : string.Empty;
        Console.WriteLine($"  {figure.Name,-62} {Figure.Format(figure.Value),12} {figure.Unit}{verdict}{runs}");
        return figure;
    }

    /// <summary>Adds a note and prints it.</summary>
    public void Note(string note)
    {
        Notes.Add(note);
        Console.WriteLine($"  note: {note}");
    }
}

/// <summary>Writes results as JSON and as a markdown table under the output folder (docs/performance by default).</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes <c>&lt;name&gt;.json</c> and <c>&lt;name&gt;.md</c>; returns the markdown's path.</summary>
    public static async Task<string> Write(BenchmarkResult result, string folder)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, $"{result.Name}.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(result, Json)).ConfigureAwait(false);
        var markdown = Path.Combine(folder, $"{result.Name}.md");
        await File.WriteAllTextAsync(markdown, Markdown(result)).ConfigureAwait(false);
        return markdown;
    }

    /// <summary>The result as a markdown section with one table.</summary>
    public static string Markdown(BenchmarkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {result.Title}");
        text.AppendLine();
        var load = result.Load is { } l
            ? $"load average {l.LoadAtStart.ToString("0.00", CultureInfo.InvariantCulture)} → {l.LoadAtEnd.ToString("0.00", CultureInfo.InvariantCulture)} on {l.Cores} cores{(l.Busy ? " — **busy machine**: absolute figures are depressed, ratios to the same-run baselines are what count" : " — quiet machine")}"
            : "load not recorded";
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Measured {result.RanAt:yyyy-MM-dd HH:mm} UTC by `tests/Benchmarks {result.Name}{(result.Quick ? " --quick" : string.Empty)}`; medians of {result.Runs} run(s); {load}.");
        text.AppendLine();
        text.AppendLine("| figure | median | unit | target | met | runs |");
        text.AppendLine("| --- | ---: | --- | --- | --- | --- |");
        foreach (var figure in result.Figures)
        {
            var met = figure.Met switch { true => "yes", false => "**no**", null => string.Empty };
            var runs = figure.Runs is { Count: > 1 } r ? string.Join(", ", r.Select(Figure.Format)) : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {figure.Name} | {Figure.Format(figure.Value)} | {figure.Unit} | {figure.TargetText} | {met} | {runs} |");
        }

        if (result.Plot is not null)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"![{result.Title}]({Path.GetFileName(result.Plot)})");
        }

        if (result.Notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in result.Notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        return text.ToString();
    }
}
