using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>The review API's contract: status codes, problem+json, idempotency and listing.</summary>
public sealed class ReviewApiTests : IAsyncLifetime
{
    private readonly OrchestratorFactory factory = new();
    private ReviewClient client = null!;

    public Task InitializeAsync()
    {
        client = new ReviewClient(factory.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task An_incomplete_referral_is_returned_with_every_problem_named_and_nothing_stored()
    {
        var referral = Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-02");
        referral.Remove("summary");
        referral["children"] = new JsonArray();
        referral["referrer"]!["email"] = "not an email";
        referral["referrer"]!.AsObject().Remove("safeguardingLead");
        referral["incidentOn"] = "2027-03-05";

        using var response = await client.Http.PostAsJsonAsync("/api/reviews", referral);

        var problem = await ProblemAssert.NamesFields(response, HttpStatusCode.UnprocessableEntity,
            "summary", "children", "referrer.email", "referrer.safeguardingLead", "becameAwareOn", "incidentOn");
        Assert.Contains("returned to the referrer", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Referrals.ChildName, problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, (await List()).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("partnership", "nowhere", "partnership")]
    [InlineData("route", "LearningRequest", "route")]
    [InlineData("receivedOn", "2028-07-01", "receivedOn")]
    [InlineData("receivedOn", null, "receivedOn")]
    public async Task A_referral_with_a_bad_field_is_422_naming_it(string field, string? value, string named)
    {
        var referral = Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01");
        referral[field] = value;

        using var response = await client.Http.PostAsJsonAsync("/api/reviews", referral);

        await ProblemAssert.NamesFields(response, HttpStatusCode.UnprocessableEntity, named);
    }

    [Fact]
    public async Task A_referral_with_an_unknown_field_or_a_wrong_type_is_422_and_malformed_JSON_is_400()
    {
        var extra = Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01");
        extra["favouriteColour"] = "blue";
        using var unknown = await client.Http.PostAsJsonAsync("/api/reviews", extra);
        await ProblemAssert.NamesFields(unknown, HttpStatusCode.UnprocessableEntity, "favouriteColour");

        var wrong = Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01");
        wrong["childDied"] = "perhaps";
        using var wrongType = await client.Http.PostAsJsonAsync("/api/reviews", wrong);
        await ProblemAssert.NamesFields(wrongType, HttpStatusCode.UnprocessableEntity, "childDied");

        using var broken = await client.Http.PostAsync("/api/reviews", new StringContent("{\"partnership\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType?.MediaType);

        using var notJson = await client.Http.PostAsync("/api/reviews", new StringContent("partnership=warrington", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(0, (await List()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_referral_sent_again_with_the_same_event_id_opens_no_second_review()
    {
        var eventId = Guid.NewGuid();
        var first = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-03-01", "2027-03-01", eventId));

        using var again = await client.Http.PostAsJsonAsync("/api/reviews", Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-03-01", "2027-03-01", eventId));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal($"/api/reviews/{first.Id}", again.Headers.Location?.ToString());
        Assert.Equal(1, (await List()).GetProperty("total").GetInt32());
        Assert.Single(await client.Timeline(first.Id));
    }

    [Fact]
    public async Task An_event_sent_twice_with_the_same_event_id_is_applied_once()
    {
        var review = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-03-01", "2027-03-01"));
        var body = new { occurredOn = "2027-03-02", agencies = new[] { "Police" }, dueOn = "2027-03-12", eventId = Guid.NewGuid() };

        var once = await client.Apply(review.Id, "InformationRequestsSent", body);
        var twice = await client.Apply(review.Id, "InformationRequestsSent", body);

        Assert.Equal(once.Version, twice.Version);
        Assert.Single(twice.AgencyRequests);
        Assert.Equal(2, (await client.Timeline(review.Id)).Count);
    }

    [Fact]
    public async Task An_event_in_the_wrong_state_is_409_with_the_state_and_what_it_accepts_and_is_recorded()
    {
        var review = await client.Open(Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01"));

        var problem = await client.Refuse(review.Id, "RapidReviewMeetingHeld", new { occurredOn = "2027-03-02", attendees = Referrals.FullMeeting() });

        Assert.Equal(409, (int?)problem["status"]);
        Assert.Equal("AwaitingDecision", (string?)problem["currentState"]);
        Assert.Equal(
            new[] { "LookedAfterChildDeathReported", "ParallelProceedingConcluded", "ParallelProceedingRecorded", "PartnerDecisionRecorded", "ReviewClosed", "SeriousIncidentNotified", "NationalPanelAcknowledged", "TriageRecommendationMade" }.Order(),
            problem["acceptedEvents"]!.AsArray().Select(e => (string)e!).Order());
        var after = await client.Get(review.Id);
        Assert.Equal(("AwaitingDecision", 0), (after.State, after.Meetings.Count));
        var timeline = await client.Timeline(review.Id);
        var rejected = timeline[^1];
        Assert.Equal(("RapidReviewMeetingHeld", "rejected", "AwaitingDecision", "AwaitingDecision"), (rejected.Event, rejected.Outcome, rejected.StateBefore, rejected.StateAfter));
    }

    [Fact]
    public async Task Unknown_reviews_and_event_names_are_404_and_malformed_events_422()
    {
        var review = await client.Open(Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01"));

        using var noReview = await client.Post(Guid.NewGuid(), "ReviewClosed", new { occurredOn = "2027-03-02", reason = "Withdrawn." });
        Assert.Equal(HttpStatusCode.NotFound, noReview.StatusCode);
        using var noEvent = await client.Post(review.Id, "SomethingHappened", new { occurredOn = "2027-03-02" });
        Assert.Equal(HttpStatusCode.NotFound, noEvent.StatusCode);
        using var busOnly = await client.Post(review.Id, "DeadlineMissed", new { occurredOn = "2027-03-02" });
        Assert.Equal(HttpStatusCode.NotFound, busOnly.StatusCode);
        using var getMissing = await client.Http.GetAsync($"/api/reviews/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, getMissing.StatusCode);

        using var missing = await client.Post(review.Id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-02", partner = "Police" });
        await ProblemAssert.NamesFields(missing, HttpStatusCode.UnprocessableEntity, "decision", "reason");
        using var unknownField = await client.Post(review.Id, "ReviewClosed", new { occurredOn = "2027-03-02", reason = "Withdrawn.", colour = "blue" });
        await ProblemAssert.NamesFields(unknownField, HttpStatusCode.UnprocessableEntity, "colour");
        using var badEnum = await client.Post(review.Id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-02", partner = "Fire", decision = "RapidReview", reason = "x" });
        await ProblemAssert.NamesFields(badEnum, HttpStatusCode.UnprocessableEntity, "partner");
        using var future = await client.Post(review.Id, "ReviewClosed", new { occurredOn = "2028-07-01", reason = "Withdrawn." });
        await ProblemAssert.NamesFields(future, HttpStatusCode.UnprocessableEntity, "occurredOn");
        using var otherReview = await client.Post(review.Id, "ReviewClosed", new { reviewId = Guid.NewGuid(), occurredOn = "2027-03-02", reason = "Withdrawn." });
        await ProblemAssert.NamesFields(otherReview, HttpStatusCode.UnprocessableEntity, "reviewId");

        var unchanged = await client.Get(review.Id);
        Assert.Equal(("AwaitingDecision", 1), (unchanged.State, unchanged.TimelineLength));
    }

    [Fact]
    public async Task Reviews_and_deadlines_are_listed_with_filters_and_pages()
    {
        var warrington = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-03-01", "2027-03-01"));
        await client.Open(Referrals.Complete("llr", "LocalAuthorityNotification", "2027-03-02", "2027-03-02"));
        await client.Open(Referrals.Complete("llr", "AgencyReferral", "2027-03-03", "2027-03-03"));

        var llr = await List("?partnership=llr");
        Assert.Equal(2, llr.GetProperty("total").GetInt32());
        var firstPage = await List("?pageSize=1&page=2");
        Assert.Equal((3, 1), (firstPage.GetProperty("total").GetInt32(), firstPage.GetProperty("items").GetArrayLength()));
        Assert.Equal("2027-03-02", firstPage.GetProperty("items")[0].GetProperty("received").GetString());
        var rapid = await List("?state=RapidReview");
        Assert.Equal(2, rapid.GetProperty("total").GetInt32());

        // N5 for Warrington: 15 working days after Monday 1 March 2027 is Monday 22 March.
        var due = await client.Http.GetFromJsonAsync<JsonElement>("/api/deadlines?status=open&partnership=warrington&dueAfter=2027-03-22&dueBefore=2027-03-22");
        var item = Assert.Single(due.GetProperty("items").EnumerateArray());
        Assert.Equal(("N5", warrington.Id.ToString()), (item.GetProperty("rule").GetString(), item.GetProperty("reviewId").GetString()));

        // Today is 30 June 2028 in the tests: everything still open in 2027 is due before 5 working days from now.
        var soon = await client.Http.GetFromJsonAsync<JsonElement>("/api/deadlines?status=open&withinWorkingDays=5&pageSize=500");
        var all = await client.Http.GetFromJsonAsync<JsonElement>("/api/deadlines?status=open&pageSize=500");
        Assert.Equal(all.GetProperty("total").GetInt32(), soon.GetProperty("total").GetInt32());
        Assert.True(all.GetProperty("total").GetInt32() > 3);

        using var badStatus = await client.Http.GetAsync("/api/deadlines?status=late");
        await ProblemAssert.NamesFields(badStatus, HttpStatusCode.UnprocessableEntity, "status");
        using var badDate = await client.Http.GetAsync("/api/deadlines?dueBefore=31/03/2027");
        await ProblemAssert.NamesFields(badDate, HttpStatusCode.UnprocessableEntity, "dueBefore");
        using var badPage = await client.Http.GetAsync("/api/reviews?pageSize=10000");
        await ProblemAssert.NamesFields(badPage, HttpStatusCode.UnprocessableEntity, "pageSize");
    }

    [Fact]
    public async Task The_review_view_holds_no_personal_data_from_the_referral()
    {
        var review = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-03-01", "2027-03-01"));

        var text = await client.Http.GetStringAsync($"/api/reviews/{review.Id}");
        var timeline = await client.Http.GetStringAsync($"/api/reviews/{review.Id}/timeline");

        foreach (var personal in new[] { Referrals.ChildName, "Pat Testparent", "1 Example Row", "2019-04-02" })
        {
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
            Assert.DoesNotContain(personal, timeline, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_review_endpoints_and_a_browsable_UI_serves_it()
    {
        var document = await client.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/reviews", "/api/reviews/{id}", "/api/reviews/{id}/timeline", "/api/reviews/{id}/events/{eventName}", "/api/deadlines" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI should describe {path}.");
        }

        using var ui = await client.Http.GetAsync("/api/docs/v1");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal("text/html", ui.Content.Headers.ContentType?.MediaType);
    }

    private Task<JsonElement> List(string query = "") => client.Http.GetFromJsonAsync<JsonElement>("/api/reviews" + query);
}
