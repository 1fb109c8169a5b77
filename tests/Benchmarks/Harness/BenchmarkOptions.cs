using System.Globalization;

namespace Orchestration.Benchmarks.Harness;

/// <summary>The command line: a subcommand and its options.</summary>
public sealed record BenchmarkOptions(string Command, bool Quick, int? Runs, string Output, int InFlight)
{
    /// <summary>How many measured runs a median is taken over: as given, else 3 quick or 5 full.</summary>
    public int RunCount => Runs ?? (Quick ? 3 : 5);

    /// <summary>Reads the arguments; null with a message on stderr when they do not parse.</summary>
    public static BenchmarkOptions? Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }

        var quick = false;
        int? runs = null;
        var output = Path.Combine(RepositoryRoot(), "docs", "performance");
        var inFlight = 64;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--runs" when i + 1 < args.Length:
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--out" when i + 1 < args.Length:
                    output = Path.GetFullPath(args[++i]);
                    break;
                case "--in-flight" when i + 1 < args.Length:
                    inFlight = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"Unknown option '{args[i]}'.");
                    return null;
            }
        }

        return new BenchmarkOptions(args[0], quick, runs, output, inFlight);
    }

    /// <summary>The folder holding Orchestration.sln, searched upwards from here; the working directory if none.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Orchestration.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
