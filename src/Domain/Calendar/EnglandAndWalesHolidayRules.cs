namespace Orchestration.Domain.Calendar;

/// <summary>
/// The standing England and Wales bank holidays, computed for any year: New Year's Day, Good Friday,
/// Easter Monday, the early May, spring and summer bank holidays, Christmas Day and Boxing Day, with a
/// substitute weekday when a fixed date falls at a weekend. One-off days (a royal event, a moved early
/// May holiday) are announced, not computed: only the published data has them.
/// </summary>
public static class EnglandAndWalesHolidayRules
{
    private const string SubstituteDay = "Substitute day";

    /// <summary>The rule-based bank holidays of one year, in date order.</summary>
    public static IReadOnlyList<BankHoliday> ForYear(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1900);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);

        var easterSunday = EasterSunday(year);
        var holidays = new List<BankHoliday>(8)
        {
            NewYearsDay(year),
            Rule(easterSunday.AddDays(-2), "Good Friday"),
            Rule(easterSunday.AddDays(1), "Easter Monday"),
            Rule(FirstMonday(year, 5), "Early May bank holiday"),
            Rule(LastMonday(year, 5), "Spring bank holiday"),
            Rule(LastMonday(year, 8), "Summer bank holiday"),
        };
        holidays.AddRange(ChristmasAndBoxingDay(year));
        return holidays;
    }

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var goldenNumber = year % 19;
        var century = year / 100;
        var yearOfCentury = year % 100;
        var skippedLeapYears = century / 4;
        var centuryRemainder = century % 4;
        var moonCorrection = (century + 8) / 25;
        var solarCorrection = (century - moonCorrection + 1) / 3;
        var epact = ((19 * goldenNumber) + century - skippedLeapYears - solarCorrection + 15) % 30;
        var weekdayCorrection = (32 + (2 * centuryRemainder) + (2 * (yearOfCentury / 4)) - epact - (yearOfCentury % 4)) % 7;
        var lateCorrection = (goldenNumber + (11 * epact) + (22 * weekdayCorrection)) / 451;
        var monthAndDay = epact + weekdayCorrection - (7 * lateCorrection) + 114;
        return new DateOnly(year, monthAndDay / 31, (monthAndDay % 31) + 1);
    }

    private static BankHoliday NewYearsDay(int year)
    {
        var day = new DateOnly(year, 1, 1);
        return day.DayOfWeek switch
        {
            DayOfWeek.Saturday => Rule(day.AddDays(2), "New Year’s Day", SubstituteDay),
            DayOfWeek.Sunday => Rule(day.AddDays(1), "New Year’s Day", SubstituteDay),
            _ => Rule(day, "New Year’s Day"),
        };
    }

    private static IEnumerable<BankHoliday> ChristmasAndBoxingDay(int year)
    {
        var christmas = new DateOnly(year, 12, 25);
        return christmas.DayOfWeek switch
        {
            // Both fixed days at the weekend: Monday and Tuesday stand in for them.
            DayOfWeek.Saturday =>
            [
                Rule(christmas.AddDays(2), "Christmas Day", SubstituteDay),
                Rule(christmas.AddDays(3), "Boxing Day", SubstituteDay),
            ],
            // Boxing Day keeps Monday; Christmas Day's substitute is the Tuesday.
            DayOfWeek.Sunday =>
            [
                Rule(christmas.AddDays(1), "Boxing Day"),
                Rule(christmas.AddDays(2), "Christmas Day", SubstituteDay),
            ],
            // Boxing Day on Saturday: its substitute is the Monday.
            DayOfWeek.Friday =>
            [
                Rule(christmas, "Christmas Day"),
                Rule(christmas.AddDays(3), "Boxing Day", SubstituteDay),
            ],
            _ =>
            [
                Rule(christmas, "Christmas Day"),
                Rule(christmas.AddDays(1), "Boxing Day"),
            ],
        };
    }

    private static DateOnly FirstMonday(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays(((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7);
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7));
    }

    private static BankHoliday Rule(DateOnly date, string title, string notes = "") =>
        new(date, title, notes, BankHolidaySource.Rules);
}
