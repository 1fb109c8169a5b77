namespace Orchestration.Orchestrator.Retention;

/// <summary>How long a closed review keeps its personal data (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Retention";

    /// <summary>
    /// Whole years after the day a review closed (<c>ClosedOn</c>, the <c>ReviewClosed</c> event's date) after which its
    /// personal data is erased; 0 turns automatic erasure off (an administrator may still erase one review on request).
    /// The default is a placeholder: set it from the partnership's retention schedule.
    /// </summary>
    public int PersonalDataYears { get; set; } = 7;

    /// <summary>How often the retention job looks for reviews past the period (between a second and a day).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most reviews one pass erases.</summary>
    public int BatchSize { get; set; } = 50;
}
