using System.Globalization;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>Which clock the service reads (configuration section <c>Clock</c>).</summary>
public sealed class ClockOptions
{
    private DateTimeOffset start;

    /// <summary>The configuration section.</summary>
    public const string Section = "Clock";

    /// <summary><c>System</c> (the default) or <c>Virtual</c>: time that stands still until advanced, for tests, training and simulation.</summary>
    public string Mode { get; set; } = "System";

    /// <summary>Where virtual time starts (ISO 8601); the real time if empty.</summary>
    public string? Start { get; set; }

    /// <summary>Whether virtual time is on.</summary>
    public bool IsVirtual => string.Equals(Mode, "Virtual", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads and checks the options; refuses an unknown mode and virtual time in production.</summary>
    public static ClockOptions From(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var options = new ClockOptions();
        configuration.GetSection(Section).Bind(options);
        if (!options.IsVirtual && !string.Equals(options.Mode, "System", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Clock:Mode '{options.Mode}' is not a clock: use System or Virtual.");
        }

        if (options.IsVirtual && environment.IsProduction())
        {
            throw new InvalidOperationException(
                "Clock:Mode is Virtual in the Production environment. Virtual time would let anyone move statutory deadlines; it is for tests, training and simulation only.");
        }

        if (!string.IsNullOrWhiteSpace(options.Start)
            && !DateTimeOffset.TryParse(options.Start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out options.start))
        {
            throw new InvalidOperationException($"Clock:Start '{options.Start}' is not an ISO 8601 date and time.");
        }

        return options;
    }

    /// <summary>The clock these options describe: the system's, or a virtual one at <see cref="Start"/> (now if empty).</summary>
    public TimeProvider CreateTimeProvider() =>
        IsVirtual ? new VirtualClock(string.IsNullOrWhiteSpace(Start) ? DateTimeOffset.UtcNow : start) : TimeProvider.System;
}

/// <summary>Time that moves only when told to: the virtual-clock mode's <see cref="TimeProvider"/>.</summary>
public sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    // In UTC whatever offset the start was written with, as GetUtcNow promises (PostgreSQL stores only UTC instants).
    private DateTimeOffset now = start.ToUniversalTime();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    /// <summary>Moves time forward (never back: deadlines that fired stay fired).</summary>
    public DateTimeOffset Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "Virtual time only moves forward.");
        }

        lock (gate)
        {
            now += by;
            return now;
        }
    }
}
