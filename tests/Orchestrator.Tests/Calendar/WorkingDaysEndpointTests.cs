using System.Net.Http.Json;
using System.Text.Json;

namespace Orchestration.Orchestrator.Tests.Calendar;

public sealed class WorkingDaysEndpointTests(OrchestratorFactory factory) : IClassFixture<OrchestratorFactory>
{
    [Theory]
    [InlineData("2026-03-02", "15", "2026-03-23")]   // N5, the digest's example
    [InlineData("2026-04-01", "-7", "2026-03-23")]   // N10, the digest's example
    [InlineData("2026-12-18", "15", "2027-01-13")]   // across Christmas 2026
    [InlineData("2026-12-26", "1", "2026-12-29")]    // from a Saturday: the day itself is day 0
    [InlineData("2027-01-04", "-3", "2026-12-29")]   // backwards over New Year
    [InlineData("2026-12-25", "0", "2026-12-25")]
    public async Task Answers_the_Nth_working_day_from_a_date(string from, string offset, string expected)
    {
        using var client = factory.CreateClient();

        var answer = await client.GetFromJsonAsync<JsonElement>($"/api/calendar/working-days?from={from}&offset={offset}");

        Assert.Equal(from, answer.GetProperty("from").GetString());
        Assert.Equal(int.Parse(offset, System.Globalization.CultureInfo.InvariantCulture), answer.GetProperty("offset").GetInt32());
        Assert.Equal(expected, answer.GetProperty("date").GetString());
    }

    [Fact]
    public async Task Lists_the_bank_holidays_it_stepped_over()
    {
        using var client = factory.CreateClient();

        var answer = await client.GetFromJsonAsync<JsonElement>("/api/calendar/working-days?from=2026-12-18&offset=15");

        var skipped = answer.GetProperty("bankHolidaysSkipped").EnumerateArray().Select(h => h.GetProperty("date").GetString());
        Assert.Equal(["2026-12-25", "2026-12-28", "2027-01-01"], skipped);
    }

    [Theory]
    [InlineData("/api/calendar/working-days?offset=3", "from")]
    [InlineData("/api/calendar/working-days?from=2026-12-18", "offset")]
    [InlineData("/api/calendar/working-days?from=18/12/2026&offset=3", "from")]
    [InlineData("/api/calendar/working-days?from=2026-02-30&offset=3", "from")]
    [InlineData("/api/calendar/working-days?from=2026-12-18&offset=three", "offset")]
    [InlineData("/api/calendar/working-days?from=2026-12-18&offset=1.5", "offset")]
    [InlineData("/api/calendar/working-days?from=2026-12-18&offset=99999", "offset")]
    [InlineData("/api/calendar/working-days?from=1066-10-14&offset=1", "from")]
    [InlineData("/api/calendar/working-days?from=2026-12-18&offset=2147483648", "offset")]
    public async Task Bad_input_gets_400_problem_json_naming_the_field(string url, string field)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(url);

        await ProblemAssert.NamesField(response, field);
    }
}
