using Orchestration.Domain.Calendar;

namespace Orchestration.Domain.Tests.Calendar;

public sealed class BankHolidayDataTests
{
    private static readonly int[] OrdinaryYears = [2018, 2019, 2021, 2024, 2025, 2026, 2027, 2028];

    [Fact]
    public void Shipped_data_covers_2018_to_2028()
    {
        var calendar = Shipped.Calendar;

        Assert.Equal(2018, calendar.FirstPublishedYear);
        Assert.Equal(2028, calendar.LastPublishedYear);
    }

    [Fact]
    public void The_rules_reproduce_the_published_data_for_every_ordinary_year()
    {
        foreach (var year in OrdinaryYears)
        {
            var published = Shipped.Calendar.BankHolidaysIn(year).Select(h => (h.Date, h.Title, h.Notes));
            var ruled = EnglandAndWalesHolidayRules.ForYear(year).Select(h => (h.Date, h.Title, h.Notes));

            Assert.Equal(ruled, published);
        }
    }

    [Theory]
    [InlineData(2020, "2020-05-08", "Early May bank holiday (VE day)", "2020-05-04")]
    [InlineData(2022, "2022-06-02", "Spring bank holiday", "2022-05-30")]
    [InlineData(2022, "2022-06-03", "Platinum Jubilee bank holiday", null)]
    [InlineData(2022, "2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II", null)]
    [InlineData(2023, "2023-05-08", "Bank holiday for the coronation of King Charles III", null)]
    public void One_off_days_come_from_the_data_not_the_rules(int year, string oneOff, string title, string? ruleDateItReplaces)
    {
        var calendar = Shipped.Calendar;
        var holiday = calendar.BankHolidayOn(DateOnly.Parse(oneOff, System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotNull(holiday);
        Assert.Equal(title, holiday.Title);
        Assert.Equal(BankHolidaySource.PublishedData, holiday.Source);
        Assert.DoesNotContain(EnglandAndWalesHolidayRules.ForYear(year), h => h.Date == holiday.Date);
        if (ruleDateItReplaces is not null)
        {
            var ruleDate = DateOnly.Parse(ruleDateItReplaces, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(EnglandAndWalesHolidayRules.ForYear(year), h => h.Date == ruleDate);
            Assert.True(calendar.IsWorkingDay(ruleDate), $"{ruleDate} was moved that year and is a working day.");
        }
    }

    [Fact]
    public void A_year_beyond_the_data_uses_the_rules_and_warns_once()
    {
        var log = new RecordingLogger();
        var calendar = WorkingDayCalendar.FromFile(WorkingDayCalendar.ShippedDataPath, log);

        Assert.False(calendar.IsWorkingDay(new DateOnly(2029, 3, 30)));   // Good Friday 2029 by the rules
        Assert.False(calendar.IsWorkingDay(new DateOnly(2029, 12, 25)));
        Assert.Equal(BankHolidaySource.Rules, calendar.BankHolidayOn(new DateOnly(2029, 4, 2))!.Source);

        var warning = Assert.Single(log.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains("2029", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_year_inside_the_data_never_consults_the_rules()
    {
        var log = new RecordingLogger();
        var calendar = WorkingDayCalendar.FromFile(WorkingDayCalendar.ShippedDataPath, log);

        Assert.True(calendar.IsWorkingDay(new DateOnly(2022, 5, 30)));   // the rules' spring holiday, moved to 2 June that year
        Assert.Empty(log.Entries);
    }

    [Fact]
    public void A_newer_file_replaces_the_shipped_data_without_a_rebuild()
    {
        // A copy of the GOV.UK format announcing a one-off day in 2027 and covering 2029.
        var calendar = WorkingDayCalendar.FromFile(Path.Combine(AppContext.BaseDirectory, "TestData", "bank-holidays-with-2027-one-off.json"));

        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 6, 4)));
        Assert.Equal("A one-off bank holiday", calendar.BankHolidayOn(new DateOnly(2027, 6, 4))!.Title);
        Assert.Equal(2029, calendar.LastPublishedYear);
        Assert.Equal(new DateOnly(2027, 6, 7), calendar.AddWorkingDays(new DateOnly(2027, 6, 3), 1));
    }

    [Theory]
    [InlineData("{ not json", "is not valid JSON")]
    [InlineData("""{ "scotland": { "division": "scotland", "events": [] } }""", "has no 'england-and-wales' division")]
    [InlineData("""{ "england-and-wales": { "division": "scotland", "events": [] } }""", "does not name its division")]
    [InlineData("""{ "england-and-wales": { "division": "england-and-wales" } }""", "has no 'events' list")]
    [InlineData("""{ "england-and-wales": { "division": "england-and-wales", "events": [] } }""", "lists no events")]
    [InlineData("""{ "england-and-wales": { "division": "england-and-wales", "events": [ { "title": "X", "date": "25/12/2026" } ] } }""", "is not YYYY-MM-DD")]
    [InlineData("""{ "england-and-wales": { "division": "england-and-wales", "events": [ { "date": "2026-12-25" } ] } }""", "has no 'title' text")]
    [InlineData("""{ "england-and-wales": { "division": "england-and-wales", "events": [ { "title": "X", "date": "2026-12-25" }, { "title": "Y", "date": "2026-12-25" } ] } }""", "repeats the date")]
    public void A_file_that_cannot_be_used_is_refused_naming_the_file_and_the_problem(string json, string problem)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bank-holidays-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var error = Assert.Throws<CalendarDataException>(() => WorkingDayCalendar.FromFile(path));

            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_refused_naming_it()
    {
        var error = Assert.Throws<CalendarDataException>(() => WorkingDayCalendar.FromFile("/nowhere/bank-holidays.json"));

        Assert.Contains("/nowhere/bank-holidays.json", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(2285, "2285-03-22")]
    public void Easter_Sunday_follows_the_Gregorian_computus(int year, string easter) =>
        Assert.Equal(DateOnly.Parse(easter, System.Globalization.CultureInfo.InvariantCulture), EnglandAndWalesHolidayRules.EasterSunday(year));
}
