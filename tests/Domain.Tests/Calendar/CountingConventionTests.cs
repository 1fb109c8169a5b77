using System.Globalization;
using Orchestration.Domain.Calendar;

namespace Orchestration.Domain.Tests.Calendar;

/// <summary>Each convention of STATUTORY-RULES.md "How time is counted", with worked examples.</summary>
public sealed class CountingConventionTests
{
    private static readonly WorkingDayCalendar Calendar = Shipped.Calendar;

    [Theory]
    // "within N working days of D": the N-th working day after D; D is day 0.
    [InlineData("2026-03-02", 15, "2026-03-23")]   // the digest's own example (N5): Monday 2 March 2026
    [InlineData("2026-12-18", 1, "2026-12-21")]    // a Friday: the weekend is skipped
    [InlineData("2026-12-18", 15, "2027-01-13")]   // N5 across Christmas: 25 and 28 Dec 2026 and 1 Jan 2027 skipped
    [InlineData("2026-12-24", 1, "2026-12-29")]    // Boxing Day 2026 is a Saturday: its substitute Monday 28 Dec is skipped
    [InlineData("2027-12-24", 1, "2027-12-29")]    // 2027: both Christmas substitutes (27 and 28 Dec) skipped
    [InlineData("2027-03-25", 1, "2027-03-30")]    // Easter 2027: Good Friday and Easter Monday skipped
    [InlineData("2027-03-25", 5, "2027-04-05")]
    [InlineData("2026-05-01", 5, "2026-05-11")]    // N2 over the early May bank holiday (4 May 2026)
    [InlineData("2022-09-16", 1, "2022-09-20")]    // the 2022 state funeral, a one-off day from the data
    public void Within_N_working_days_of_D_is_the_Nth_working_day_after_D(string from, int days, string expected) =>
        Assert.Equal(Date(expected), Calendar.AddWorkingDays(Date(from), days));

    [Theory]
    [InlineData("2026-12-26", 1, "2026-12-29")]    // a Saturday trigger counts from itself as day 0
    [InlineData("2026-12-27", 1, "2026-12-29")]    // a Sunday trigger
    [InlineData("2026-12-25", 1, "2026-12-29")]    // a bank-holiday trigger (Christmas Day)
    [InlineData("2027-03-26", 1, "2027-03-30")]    // Good Friday as trigger
    [InlineData("2027-03-26", 15, "2027-04-19")]
    public void A_trigger_that_is_not_a_working_day_is_still_day_0(string from, int days, string expected) =>
        Assert.Equal(Date(expected), Calendar.AddWorkingDays(Date(from), days));

    [Theory]
    // "no later than N working days before P": the N-th working day before P, P excluded (N10).
    [InlineData("2026-04-01", 7, "2026-03-23")]    // the digest's own example
    [InlineData("2027-01-04", 3, "2026-12-29")]    // backwards across New Year and Christmas
    [InlineData("2027-01-04", 7, "2026-12-21")]
    [InlineData("2027-03-28", 1, "2027-03-25")]    // from an Easter Sunday, back past Good Friday
    [InlineData("2027-04-06", 7, "2027-03-24")]    // back across the whole Easter weekend
    public void No_later_than_N_working_days_before_P_is_a_negative_offset(string publication, int days, string latest)
    {
        var latestDate = Calendar.AddWorkingDays(Date(publication), -days);

        Assert.Equal(Date(latest), latestDate);
        Assert.True(Timescale.Complies(DeadlineBound.NoLaterThan, latestDate, latestDate), "sending on the latest date complies");
        Assert.False(Timescale.Complies(DeadlineBound.NoLaterThan, latestDate, latestDate.AddDays(1)), "the day after does not");
    }

    [Fact]
    public void An_offset_of_zero_is_the_date_itself()
    {
        Assert.Equal(Date("2026-12-25"), Calendar.AddWorkingDays(Date("2026-12-25"), 0));
        Assert.Equal(Date("2026-12-19"), Timescale.WorkingDays(0).From(Date("2026-12-19"), Calendar));
    }

    [Theory]
    [InlineData("2026-12-18", 5)]
    [InlineData("2026-12-26", 15)]
    [InlineData("2027-03-25", -7)]
    [InlineData("2026-04-01", -7)]
    public void Counting_working_days_between_two_dates_inverts_adding_them(string from, int days)
    {
        var to = Calendar.AddWorkingDays(Date(from), days);

        Assert.Equal(days, Calendar.WorkingDaysBetween(Date(from), to));
    }

    [Theory]
    // "six months from D": calendar months, the same day of the month, clamped to the month's end (N7).
    [InlineData("2026-12-18", 6, "2027-06-18")]
    [InlineData("2026-08-31", 6, "2027-02-28")]    // clamped: February 2027 has 28 days
    [InlineData("2027-08-31", 6, "2028-02-29")]    // clamped to a leap day
    [InlineData("2026-03-31", 6, "2026-09-30")]
    [InlineData("2026-02-28", 6, "2026-08-28")]    // not "the last day of the month": the same day
    [InlineData("2028-02-29", 12, "2029-02-28")]   // N12: a year's availability from a leap day
    public void Six_months_from_D_keeps_the_day_of_the_month_clamped_to_its_end(string from, int months, string expected) =>
        Assert.Equal(Date(expected), Timescale.Months(months).From(Date(from), Calendar));

    [Theory]
    // "N days" without "working": calendar days (Northamptonshire's 14 days before publication).
    [InlineData("2026-04-01", -14, "2026-03-18")]
    [InlineData("2027-01-04", -14, "2026-12-21")]
    [InlineData("2026-12-24", 7, "2026-12-31")]    // weekends and holidays count
    public void N_days_without_working_are_calendar_days(string from, int days, string expected) =>
        Assert.Equal(Date(expected), Timescale.CalendarDays(days).From(Date(from), Calendar));

    [Theory]
    // A local and a national rule on the same step: both apply and the stricter wins (Northamptonshire 14 days vs N10 7 WD).
    [InlineData("2026-04-01", "2026-03-18")]       // 14 calendar days is stricter
    [InlineData("2027-01-04", "2026-12-21")]       // over Christmas the two agree
    public void Where_a_local_and_a_national_rule_govern_one_step_the_stricter_wins(string publication, string latest)
    {
        var national = Timescale.WorkingDays(-7).From(Date(publication), Calendar);
        var local = Timescale.CalendarDays(-14).From(Date(publication), Calendar);

        Assert.Equal(Date(latest), Timescale.Stricter(DeadlineBound.NoLaterThan, national, local));
        Assert.Equal(Date(latest), Timescale.Stricter(DeadlineBound.NoLaterThan, local, national));
    }

    [Fact]
    public void For_an_earliest_date_the_later_one_is_stricter() =>
        Assert.Equal(Date("2027-01-10"), Timescale.Stricter(DeadlineBound.NotBefore, Date("2027-01-03"), Date("2027-01-10")));

    [Theory]
    // A due date is due at the end of that day, Europe/London; instants are UTC.
    [InlineData("2026-12-18", "2026-12-19T00:00:00+00:00")]   // GMT
    [InlineData("2026-06-30", "2026-06-30T23:00:00+00:00")]   // BST: midnight in London is 23:00 UTC
    [InlineData("2026-03-28", "2026-03-29T00:00:00+00:00")]   // clocks go forward at 01:00 UTC on 29 March 2026
    [InlineData("2026-10-24", "2026-10-24T23:00:00+00:00")]   // still BST at the end of 24 October 2026
    public void A_due_date_is_due_at_the_end_of_that_day_in_London(string dueOn, string missedFromUtc)
    {
        var end = LondonTime.EndOfDayUtc(Date(dueOn));

        Assert.Equal(DateTimeOffset.Parse(missedFromUtc, CultureInfo.InvariantCulture), end);
        Assert.Equal(TimeSpan.Zero, end.Offset);
        Assert.Equal(Date(dueOn), LondonTime.DateAt(end.AddTicks(-1)));
        Assert.Equal(Date(dueOn).AddDays(1), LondonTime.DateAt(end));
    }

    [Fact]
    public void The_bank_holidays_skipped_are_listed_so_a_due_date_can_be_explained()
    {
        var skipped = Calendar.BankHolidaysSkipped(Date("2026-12-18"), Date("2027-01-13"));

        Assert.Equal([Date("2026-12-25"), Date("2026-12-28"), Date("2027-01-01")], skipped.Select(h => h.Date));
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
