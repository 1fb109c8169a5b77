using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Security.HostileInput;

/// <summary>
/// Issue 8, input half: each limit answers with the status the README gives and names the field or parameter, never its value.
/// </summary>
public sealed class InputLimitTests : IClassFixture<OrchestratorFactory>
{
    private readonly OrchestratorFactory factory;
    private readonly HttpClient client;

    public InputLimitTests(OrchestratorFactory factory)
    {
        this.factory = factory;
        client = factory.CreateClient();
    }

    [Theory]
    [InlineData("isAdmin", "isAdmin")]
    [InlineData("referrer.role", "referrer.role")]
    [InlineData("children[0].nhsNumber", "children[0].nhsNumber")]
    public async Task An_unknown_field_is_refused_naming_it(string path, string named)
    {
        var referral = Referral();
        Put(referral, path, "x");
        using var response = await client.PostAsJsonAsync("/api/reviews", referral);
        await ProblemAssert.NamesFields(response, HttpStatusCode.UnprocessableEntity, named);
    }

    [Theory]
    [InlineData("childDied", "yes", "childDied")]
    [InlineData("receivedOn", "01/02/2027", "receivedOn")]
    [InlineData("children[0].fullName", null, "children[0].fullName")]
    public async Task A_wrong_type_is_refused_naming_the_field(string path, string? value, string named)
    {
        var referral = Referral();
        Put(referral, path, value is null ? 7 : value);
        using var response = await client.PostAsJsonAsync("/api/reviews", referral);
        await ProblemAssert.NamesFields(response, HttpStatusCode.UnprocessableEntity, named);
    }

    [Theory]
    [InlineData("summary", 8001, "summary")]
    [InlineData("referrer.name", 201, "referrer.name")]
    [InlineData("children[0].address", 8001, "children[0].address")]
    [InlineData("children[0].gender", 201, "children[0].gender")]
    public async Task Text_over_its_limit_is_refused_naming_the_field_without_repeating_it(string path, int length, string named)
    {
        var referral = Referral();
        var text = new string('q', length);
        Put(referral, path, text);
        using var response = await client.PostAsJsonAsync("/api/reviews", referral);
        await ProblemAssert.NamesFields(response, HttpStatusCode.UnprocessableEntity, named);
        Assert.DoesNotContain(text[..100], await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("children[0].dateOfBirth", "1899-12-31")]
    [InlineData("familyMembers[0].dateOfBirth", "2999-01-01")]
    [InlineData("receivedOn", "1899-12-31")]
    public async Task A_date_out_of_range_is_refused_naming_the_field(string path, string date)
    {
        var referral = Referral();
        Put(referral, path, date);
        using var response = await client.PostAsJsonAsync("/api/reviews", referral);
        await ProblemAssert.NamesFields(response, HttpStatusCode.UnprocessableEntity, path);
    }

    [Theory]
    [InlineData("InformationRequestsSent", "{\"occurredOn\":\"2027-01-06\",\"agencies\":[\"Police\"],\"dueOn\":\"9999-12-31\"}", "dueOn")]
    [InlineData("RapidReviewMeetingScheduled", "{\"occurredOn\":\"2027-01-06\",\"scheduledFor\":\"9999-12-31\"}", "scheduledFor")]
    [InlineData("SeriousIncidentNotified", "{\"occurredOn\":\"1899-01-01\"}", "occurredOn")]
    [InlineData("RapidReviewReportEndorsed", "{\"occurredOn\":\"2027-01-06\",\"endorsedBy\":[\"Police\",\"Nobody\"]}", "endorsedBy[1]")]
    public async Task An_events_date_or_value_out_of_range_is_refused_naming_the_field(string eventName, string body, string named)
    {
        var id = await OpenReview();
        using var response = await client.PostAsync(new Uri($"/api/reviews/{id}/events/{eventName}", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        await ProblemAssert.NamesFields(response, HttpStatusCode.UnprocessableEntity, named);
    }

    [Theory]
    [InlineData("{\"occurredOn\":\"2027-01-06\",\"occurredOn\":\"2027-01-07\"}")]
    [InlineData("{\"occurredOn\":\"2027-01-06\",\"OccurredOn\":\"2027-01-07\"}")]
    public async Task A_property_given_twice_is_refused(string body)
    {
        var id = await OpenReview();
        using var response = await client.PostAsync(new Uri($"/api/reviews/{id}/events/SeriousIncidentNotified", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Json_nested_deeper_than_the_limit_is_refused_as_not_json()
    {
        var body = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        using var response = await client.PostAsync(new Uri("/api/reviews", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("32 levels", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_before_it_is_read()
    {
        var referral = Referral();
        referral["padding"] = new string(' ', 1024 * 1024);
        using var response = await client.PostAsJsonAsync("/api/reviews", referral);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Input:MaxBodyBytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/reviews?page=abc", "page")]
    [InlineData("/api/reviews?pageSize=1e3", "pageSize")]
    [InlineData("/api/deadlines?withinWorkingDays=abc", "withinWorkingDays")]
    [InlineData("/api/admin/access-log?reviewId=not-an-id", "reviewId")]
    public async Task A_query_value_that_does_not_bind_is_refused_naming_the_parameter(string address, string named)
    {
        using var response = await client.GetAsync(new Uri(address, UriKind.Relative));
        var problem = await ProblemAssert.NamesFields(response, HttpStatusCode.BadRequest, named);

        // The value sent is never repeated (the trace id, random hexadecimal, is left out of the comparison).
        var sent = address[(address.LastIndexOf('=') + 1)..];
        var said = string.Join("\n", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.Value.GetRawText()));
        Assert.DoesNotContain(sent, said, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/reviews?page=1000001", "page")]
    [InlineData("/api/reviews?page=2147483647&pageSize=500", "page")]
    public async Task A_page_beyond_the_last_possible_is_refused(string address, string named)
    {
        using var response = await client.GetAsync(new Uri(address, UriKind.Relative));
        await ProblemAssert.NamesFields(response, HttpStatusCode.UnprocessableEntity, named);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    public async Task A_document_kind_given_as_a_number_is_refused(string kind)
    {
        var id = await OpenReview();
        using var response = await new ReviewClient(client).Upload(id, kind, Encoding.UTF8.GetBytes(ReviewClient.AnonymisedReport), "text/plain");
        await ProblemAssert.NamesFields(response, HttpStatusCode.UnprocessableEntity, "kind");
    }

    private async Task<Guid> OpenReview() =>
        (await new ReviewClient(factory.CreateClient()).Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;

    private static JsonObject Referral() => Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-06", "2027-01-06");

    private static void Put(JsonObject body, string path, JsonNode? value)
    {
        JsonNode node = body;
        var parts = path.Replace("[0]", ".0", StringComparison.Ordinal).Split('.');
        foreach (var part in parts[..^1])
        {
            node = int.TryParse(part, out var index) ? node[index]! : node[part]!;
        }

        node[parts[^1]] = value;
    }
}
