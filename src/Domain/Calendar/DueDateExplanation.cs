using System.Globalization;

namespace Orchestration.Domain.Calendar;

/// <summary>
/// How a due date was counted, in the words a business unit would use: "15 working days after 18 Dec 2026,
/// skipping 25 and 28 Dec and 1 Jan". The bank holidays named are the weekday ones the count stepped over
/// (weekends go without saying); a month count that lands past the end of a shorter month says so.
/// </summary>
public static class DueDateExplanation
{
    /// <summary>The count of <paramref name="timescale"/> from <paramref name="anchorOn"/> (day 0), in words.</summary>
    public static string Explain(Timescale timescale, DateOnly anchorOn, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (timescale.Offset == 0)
        {
            return $"on {Format(anchorOn)}";
        }

        var text = $"{timescale} {Format(anchorOn)}";
        var dueOn = timescale.From(anchorOn, calendar);
        switch (timescale.Measure)
        {
            case Measure.WorkingDays:
                var skipped = calendar.BankHolidaysSkipped(anchorOn, dueOn);
                if (skipped.Count > 0)
                {
                    text += ", skipping " + Days([.. skipped.Select(h => h.Date)]);
                }

                break;
            case Measure.Months when dueOn.Day != anchorOn.Day:
                text += $", which is {Format(dueOn)} ({dueOn:MMMM} has no {Ordinal(anchorOn.Day)})";
                break;
        }

        return text;
    }

    /// <summary>
    /// Dates as a short list, grouped by month: "25 and 28 Dec and 1 Jan". The year is left out unless one
    /// month name would stand for two different months.
    /// </summary>
    public static string Days(IReadOnlyList<DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        if (dates.Count == 0)
        {
            return string.Empty;
        }

        var ordered = dates.Order().ToList();
        var withYears = ordered.Select(d => (d.Year, d.Month)).Distinct().GroupBy(m => m.Month).Any(m => m.Count() > 1);
        var months = ordered
            .GroupBy(d => (d.Year, d.Month))
            .Select(month =>
            {
                var first = month.First();
                var name = first.ToString(withYears ? "MMM yyyy" : "MMM", CultureInfo.InvariantCulture);
                return $"{List([.. month.Select(d => d.Day.ToString(CultureInfo.InvariantCulture))])} {name}";
            })
            .ToList();
        return List(months);
    }

    /// <summary>A date as people in England write it: 18 Dec 2026.</summary>
    public static string Format(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private static string List(List<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";

    private static string Ordinal(int day) => day switch
    {
        1 or 21 or 31 => $"{day}st",
        2 or 22 => $"{day}nd",
        3 or 23 => $"{day}rd",
        _ => $"{day}th",
    };
}
