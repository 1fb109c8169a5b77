using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orchestration.Orchestrator.Tests.Profiles;

public sealed class ProfileEndpointTests(OrchestratorFactory factory) : IClassFixture<OrchestratorFactory>
{
    [Fact]
    public async Task Lists_the_six_loaded_profiles_national_first()
    {
        using var client = factory.CreateClient();

        var profiles = await client.GetFromJsonAsync<JsonElement>("/api/profiles");

        var names = profiles.EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Equal(["national", "darlington", "gloucestershire", "llr", "northamptonshire", "warrington"], names);
    }

    [Fact]
    public async Task A_profile_shows_its_timetable_with_rule_ids_and_what_it_inherits()
    {
        using var client = factory.CreateClient();

        var profile = await client.GetFromJsonAsync<JsonElement>("/api/profiles/northamptonshire");

        Assert.Equal("northamptonshire", profile.GetProperty("name").GetString());
        var timetable = profile.GetProperty("timetable").EnumerateArray().ToList();
        var national = Assert.Single(timetable, t => t.GetProperty("key").GetString() == "regulators-copies");
        Assert.Equal("N10", national.GetProperty("rule").GetString());
        Assert.Equal("national", national.GetProperty("inheritedFrom").GetString());
        Assert.Equal("7 working days before Publication", national.GetProperty("description").GetString());
        Assert.Contains(timetable, t => t.GetProperty("rule").GetString() == "N10" && t.GetProperty("measure").GetString() == "CalendarDays");
        Assert.Contains(timetable, t => t.GetProperty("rule").GetString()!.StartsWith("northamptonshire:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_profile_is_404_problem_json()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/profiles/atlantis");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Draws_a_profiles_timetable_for_a_referral_date()
    {
        using var client = factory.CreateClient();

        var rows = await client.GetFromJsonAsync<JsonElement>("/api/profiles/warrington/timetable?referral=2026-12-18");

        var toPanel = Assert.Single(rows.EnumerateArray(), r => r.GetProperty("key").GetString() == "rapid-review-to-panel");
        Assert.Equal("2027-01-13", toPanel.GetProperty("dueOn").GetString());
        Assert.Equal("N5", toPanel.GetProperty("rule").GetString());
        var published = Assert.Single(rows.EnumerateArray(), r => r.GetProperty("key").GetString() == "cspr-published");
        Assert.Equal("2027-07-13", published.GetProperty("dueOn").GetString());
        Assert.True(published.GetProperty("anchorAssumed").GetBoolean());
    }

    [Fact]
    public async Task A_given_date_replaces_a_projected_one()
    {
        using var client = factory.CreateClient();

        var rows = await client.GetFromJsonAsync<JsonElement>("/api/profiles/warrington/timetable?referral=2026-12-18&endorsed=2026-08-31");

        var published = Assert.Single(rows.EnumerateArray(), r => r.GetProperty("key").GetString() == "cspr-published");
        Assert.Equal("2027-02-28", published.GetProperty("dueOn").GetString());   // six months, clamped to February's end
        Assert.False(published.GetProperty("anchorAssumed").GetBoolean());
    }

    [Theory]
    [InlineData("/api/profiles/warrington/timetable", "referral")]
    [InlineData("/api/profiles/warrington/timetable?referral=2026-13-01", "referral")]
    [InlineData("/api/profiles/warrington/timetable?referral=2026-12-18&route=Telepathy", "route")]
    [InlineData("/api/profiles/warrington/timetable?referral=2026-12-18&route=1", "route")]
    public async Task A_bad_timetable_request_gets_400_problem_json(string url, string field)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(url);

        await ProblemAssert.NamesField(response, field);
    }
}
