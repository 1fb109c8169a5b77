using System.Globalization;
using Orchestration.Domain.Calendar;

namespace Orchestration.Domain.Tests.Calendar;

/// <summary>The words the dashboard shows for how each due date was counted ("How time is counted").</summary>
public sealed class DueDateExplanationTests
{
    private static readonly WorkingDayCalendar Calendar = Shipped.Calendar;

    [Fact]
    public void N5_across_Christmas_names_the_three_bank_holidays_it_skips_grouped_by_month()
    {
        // Fri 18 Dec 2026 + 15 WD = Wed 13 Jan 2027 (N5); Christmas Day, the Boxing Day substitute and New Year's Day skipped.
        Assert.Equal("15 working days after 18 Dec 2026, skipping 25 and 28 Dec and 1 Jan",
            DueDateExplanation.Explain(Timescale.WorkingDays(15), Date("2026-12-18"), Calendar));
    }

    [Fact]
    public void A_count_over_Easter_names_Good_Friday_and_Easter_Monday_in_their_months()
    {
        Assert.Equal("15 working days after 25 Mar 2027, skipping 26 and 29 Mar",
            DueDateExplanation.Explain(Timescale.WorkingDays(15), Date("2027-03-25"), Calendar));
        Assert.Equal("5 working days after 25 Mar 2027, skipping 26 and 29 Mar",
            DueDateExplanation.Explain(Timescale.WorkingDays(5), Date("2027-03-25"), Calendar));
    }

    [Fact]
    public void A_count_with_no_bank_holiday_in_it_says_only_the_count()
    {
        // The digest's example (N5): Mon 2 Mar 2026 + 15 WD = Mon 23 Mar 2026, weekends going without saying.
        Assert.Equal("15 working days after 2 Mar 2026", DueDateExplanation.Explain(Timescale.WorkingDays(15), Date("2026-03-02"), Calendar));
        Assert.Equal("1 working day after 18 Dec 2026", DueDateExplanation.Explain(Timescale.WorkingDays(1), Date("2026-12-18"), Calendar));
    }

    [Fact]
    public void A_count_back_from_publication_says_before_and_names_what_it_skips()
    {
        // N10: no later than 7 working days before publication on Tue 6 Apr 2027, back across the Easter weekend.
        Assert.Equal("7 working days before 6 Apr 2027, skipping 26 and 29 Mar",
            DueDateExplanation.Explain(Timescale.WorkingDays(-7), Date("2027-04-06"), Calendar));
        Assert.Equal("7 working days before 1 Apr 2026", DueDateExplanation.Explain(Timescale.WorkingDays(-7), Date("2026-04-01"), Calendar));
    }

    [Fact]
    public void Calendar_days_count_every_day_and_name_no_holiday()
    {
        // Northamptonshire's 14 days before publication, here across Christmas: no bank holiday is skipped or named.
        Assert.Equal("14 days before 6 Jan 2027", DueDateExplanation.Explain(Timescale.CalendarDays(-14), Date("2027-01-06"), Calendar));
    }

    [Fact]
    public void Six_months_into_a_shorter_month_say_where_they_land()
    {
        // N7: 31 Aug 2026 + 6 months = 28 Feb 2027, the day of the month clamped.
        Assert.Equal("6 months after 31 Aug 2026, which is 28 Feb 2027 (February has no 31st)",
            DueDateExplanation.Explain(Timescale.Months(6), Date("2026-08-31"), Calendar));
        Assert.Equal("6 months after 13 Jan 2027", DueDateExplanation.Explain(Timescale.Months(6), Date("2027-01-13"), Calendar));
    }

    [Fact]
    public void A_count_of_nought_is_the_day_itself()
    {
        Assert.Equal("on 18 Dec 2026", DueDateExplanation.Explain(Timescale.WorkingDays(0), Date("2026-12-18"), Calendar));
    }

    [Fact]
    public void Dates_that_would_repeat_a_month_name_carry_their_years()
    {
        Assert.Equal("25 Dec 2026, 3 Jan 2027 and 25 Dec 2027",
            DueDateExplanation.Days([Date("2027-12-25"), Date("2026-12-25"), Date("2027-01-03")]));
        Assert.Equal("1, 2 and 5 Jan", DueDateExplanation.Days([Date("2027-01-05"), Date("2027-01-01"), Date("2027-01-02")]));
    }

    private static DateOnly Date(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);
}
