namespace Orchestration.Domain.Calendar;

/// <summary>The unit a statutory or local timescale is counted in.</summary>
public enum Measure
{
    /// <summary>Working days in England and Wales ("within N working days", "by working day N").</summary>
    WorkingDays,

    /// <summary>Every day counts ("N days" without "working", e.g. Northamptonshire's 14 days).</summary>
    CalendarDays,

    /// <summary>Calendar months: the same day of the month, clamped to the month's last day ("six months from D").</summary>
    Months,
}

/// <summary>Whether a computed date is the latest allowed or the earliest allowed.</summary>
public enum DeadlineBound
{
    /// <summary>A deadline: the step complies on or before the date.</summary>
    NoLaterThan,

    /// <summary>An earliest date: the step complies on or after the date (e.g. "no sooner than seven days after").</summary>
    NotBefore,
}

/// <summary>
/// A signed distance in one <see cref="Measure"/>: +N counts forward from the anchor, -N backward
/// ("no later than N working days before P"). The anchor is day 0 and never counted.
/// </summary>
/// <param name="Measure">The unit.</param>
/// <param name="Offset">Signed count; negative is before the anchor.</param>
public readonly record struct Timescale(Measure Measure, int Offset)
{
    public static Timescale WorkingDays(int offset) => new(Measure.WorkingDays, offset);

    public static Timescale CalendarDays(int offset) => new(Measure.CalendarDays, offset);

    public static Timescale Months(int offset) => new(Measure.Months, offset);

    /// <summary>The date this timescale reaches from <paramref name="anchor"/>.</summary>
    public DateOnly From(DateOnly anchor, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Measure switch
        {
            Measure.WorkingDays => calendar.AddWorkingDays(anchor, Offset),
            Measure.CalendarDays => anchor.AddDays(Offset),
            // DateOnly.AddMonths keeps the day of the month and clamps it to the target month's last day.
            Measure.Months => anchor.AddMonths(Offset),
            _ => throw new InvalidOperationException($"Unknown measure {Measure}."),
        };
    }

    /// <summary>The stricter of two dates that govern the same step: the earlier deadline, or the later earliest date.</summary>
    public static DateOnly Stricter(DeadlineBound bound, DateOnly first, DateOnly second) =>
        bound == DeadlineBound.NoLaterThan
            ? (first <= second ? first : second)
            : (first >= second ? first : second);

    /// <summary>Whether <paramref name="actual"/> complies with a date computed under <paramref name="bound"/>.</summary>
    public static bool Complies(DeadlineBound bound, DateOnly limit, DateOnly actual) =>
        bound == DeadlineBound.NoLaterThan ? actual <= limit : actual >= limit;

    public override string ToString()
    {
        var count = Math.Abs(Offset);
        var unit = Measure switch
        {
            Measure.WorkingDays => count == 1 ? "working day" : "working days",
            Measure.CalendarDays => count == 1 ? "day" : "days",
            _ => count == 1 ? "month" : "months",
        };
        return Offset >= 0 ? $"{count} {unit} after" : $"{count} {unit} before";
    }
}
