namespace Orchestration.Orchestrator.Calendar;

/// <summary>
/// One change of the bank holidays, stored so a restart keeps it and every instance sharing the database counts
/// with it. The newest row is the calendar in force; the rows before it are the history.
/// </summary>
public sealed class CalendarChangeRecord
{
    /// <summary>The change's number: the calendar revision it puts in force (increasing).</summary>
    public long Sequence { get; set; }

    /// <summary>The revision in force when the change was planned; unique, so two changes made at once from the same calendar cannot both land.</summary>
    public long BasedOnRevision { get; set; }

    /// <summary>When it was applied.</summary>
    public DateTimeOffset AppliedAt { get; set; }

    /// <summary>The business date it was applied (London); deadlines due before it were not moved.</summary>
    public DateOnly AppliedOn { get; set; }

    /// <summary>Why, as the operator said.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>Where the list came from: a bank-holidays file, or days added and removed.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The days added, as JSON (date and title).</summary>
    public string Added { get; set; } = "[]";

    /// <summary>The days removed, as JSON (date and title).</summary>
    public string Removed { get; set; } = "[]";

    /// <summary>The complete list of bank holidays in force after the change, as JSON (date, title, notes).</summary>
    public string Holidays { get; set; } = "[]";

    /// <summary>How many reviews had deadlines the change moved.</summary>
    public int ReviewsAffected { get; set; }

    /// <summary>How many open deadlines it moved.</summary>
    public int DeadlinesMoved { get; set; }
}
