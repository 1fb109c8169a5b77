using Orchestration.Domain.Calendar;

namespace Orchestration.Domain.Tests.Calendar;

/// <summary>A change of bank holidays: the list it puts in force, what it adds and removes, and the calendar swapped whole.</summary>
public sealed class BankHolidayChangeTests
{
    private static WorkingDayCalendar Fresh() => WorkingDayCalendar.FromFile(WorkingDayCalendar.ShippedDataPath);

    [Fact]
    public void A_one_off_day_added_is_the_only_change_and_counts_from_the_moment_the_calendar_is_replaced()
    {
        var calendar = Fresh();
        var change = BankHolidayChange.WithDays(calendar.PublishedHolidays, [new BankHoliday(new DateOnly(2027, 1, 5), "State funeral", "", BankHolidaySource.PublishedData)], []);
        Assert.Equal([new DateOnly(2027, 1, 5)], change.Added.Select(h => h.Date));
        Assert.Empty(change.Removed);

        // Fri 18 Dec 2026 + 15 WD: Wed 13 Jan 2027, then Thu 14 Jan once 5 Jan is a holiday.
        Assert.Equal(new DateOnly(2027, 1, 13), calendar.AddWorkingDays(new DateOnly(2026, 12, 18), 15));
        Assert.True(calendar.Replace(change.Holidays, "calendar change 1", 1));
        Assert.Equal(new DateOnly(2027, 1, 14), calendar.AddWorkingDays(new DateOnly(2026, 12, 18), 15));
        Assert.Equal((1L, "State funeral"), (calendar.Revision, calendar.BankHolidayOn(new DateOnly(2027, 1, 5))!.Title));

        // An older revision never replaces a newer one.
        Assert.False(calendar.Replace(Fresh().PublishedHolidays, "start", 0));
        Assert.Equal(new DateOnly(2027, 1, 14), calendar.AddWorkingDays(new DateOnly(2026, 12, 18), 15));
    }

    [Fact]
    public void A_day_added_beyond_the_data_keeps_that_year_and_the_years_between_on_the_rules()
    {
        var calendar = Fresh();
        var change = BankHolidayChange.WithDays(calendar.PublishedHolidays, [new BankHoliday(new DateOnly(2030, 6, 3), "Jubilee", "", BankHolidaySource.PublishedData)], []);
        Assert.Equal([new DateOnly(2030, 6, 3)], change.Added.Select(h => h.Date));
        calendar.Replace(change.Holidays, "calendar change 1", 1);
        Assert.Equal(2030, calendar.LastPublishedYear);
        Assert.Equal(EnglandAndWalesHolidayRules.ForYear(2029).Select(h => h.Date), calendar.BankHolidaysIn(2029).Select(h => h.Date));
        Assert.Equal(
            EnglandAndWalesHolidayRules.ForYear(2030).Select(h => h.Date).Append(new DateOnly(2030, 6, 3)).Order(),
            calendar.BankHolidaysIn(2030).Select(h => h.Date));
    }

    [Fact]
    public void A_removed_day_becomes_a_working_day()
    {
        var calendar = Fresh();
        var change = BankHolidayChange.WithDays(calendar.PublishedHolidays, [], [new DateOnly(2027, 1, 1)]);
        Assert.Equal(("New Year’s Day", 0), (Assert.Single(change.Removed).Title, change.Added.Count));
        calendar.Replace(change.Holidays, "calendar change 1", 1);
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public void A_newer_file_decides_the_years_it_lists_and_the_years_it_no_longer_lists_are_kept()
    {
        var current = Fresh().PublishedHolidays;
        var newer = current.Where(h => h.Date.Year >= 2020)
            .Append(new BankHoliday(new DateOnly(2029, 1, 1), "New Year’s Day", "", BankHolidaySource.PublishedData))
            .Append(new BankHoliday(new DateOnly(2027, 1, 5), "State funeral", "", BankHolidaySource.PublishedData))
            .ToList();
        var change = BankHolidayChange.FromNewerFile(current, newer);
        Assert.Equal([new DateOnly(2027, 1, 5), new DateOnly(2029, 1, 1)], change.Added.Select(h => h.Date));
        Assert.Empty(change.Removed);
        Assert.Contains(change.Holidays, h => h.Date == new DateOnly(2018, 12, 25));
    }
}
