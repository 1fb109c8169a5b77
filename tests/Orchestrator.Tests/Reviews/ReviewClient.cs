using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>Drives reviews through the HTTP API the way a case system or a business unit would.</summary>
public sealed class ReviewClient(HttpClient http)
{
    /// <summary>How the tests read the API's JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The HTTP client underneath.</summary>
    public HttpClient Http => http;

    /// <summary>Opens a review; fails the test unless it answers 201.</summary>
    public async Task<ReviewView> Open(JsonObject referral)
    {
        using var response = await http.PostAsJsonAsync("/api/reviews", referral);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var created = await Read(response);
        Assert.Equal($"/api/reviews/{created.Id}", response.Headers.Location?.ToString());
        return created;
    }

    /// <summary>Posts an event; fails the test unless the review applied it (200), and returns the review after it.</summary>
    public async Task<ReviewView> Apply(Guid id, string eventName, object body)
    {
        using var response = await Post(id, eventName, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{eventName}: expected 200, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await Read(response);
    }

    /// <summary>An anonymised report, as a partnership would upload it: it names no one recorded at referral.</summary>
    public const string AnonymisedReport = "Child Safeguarding Practice Review: Child D\n\nChild D lived with Parent 1 and Sibling 1.\nLearning: professional curiosity about bruising in non-mobile babies.\n";

    /// <summary>Uploads a report document; fails the test unless it is attached (201), and returns the review after it.</summary>
    public async Task<ReviewView> AttachReport(Guid id, string occurredOn, string kind = "FinalReport", string text = AnonymisedReport)
    {
        using var response = await Upload(id, kind, System.Text.Encoding.UTF8.GetBytes(text), "text/plain", occurredOn);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"upload: expected 201, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await Read(response);
    }

    /// <summary>Uploads a document and returns the raw answer.</summary>
    public async Task<HttpResponseMessage> Upload(Guid id, string? kind, byte[] content, string? contentType, string? occurredOn = null)
    {
        var query = new List<string>();
        if (kind is not null)
        {
            query.Add("kind=" + Uri.EscapeDataString(kind));
        }

        if (occurredOn is not null)
        {
            query.Add("occurredOn=" + occurredOn);
        }

        using var body = new ByteArrayContent(content);
        if (contentType is not null)
        {
            body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        return await http.PostAsync(new Uri($"/api/reviews/{id}/documents" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty), UriKind.Relative), body);
    }

    /// <summary>Posts an event and returns the raw answer.</summary>
    public Task<HttpResponseMessage> Post(Guid id, string eventName, object body) =>
        http.PostAsJsonAsync($"/api/reviews/{id}/events/{eventName}", body, Json);

    /// <summary>Posts an event expecting 409; returns the problem document.</summary>
    public async Task<JsonObject> Refuse(Guid id, string eventName, object body)
    {
        using var response = await Post(id, eventName, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{eventName}: expected 409, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Reads a review.</summary>
    public async Task<ReviewView> Get(Guid id) =>
        (await http.GetFromJsonAsync<ReviewView>($"/api/reviews/{id}", Json))!;

    /// <summary>
    /// Reads the review until <paramref name="condition"/> holds, for effects that arrive over the bus. The bound (a
    /// minute) is generous on purpose: it is how long a busy two-core machine may take, not a speed the test asserts.
    /// </summary>
    public async Task<ReviewView> Eventually(Guid id, Func<ReviewView, bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var review = await Get(id);
            if (condition(review) || DateTime.UtcNow > until)
            {
                return review;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Reads a review's timeline.</summary>
    public async Task<IReadOnlyList<TimelineEntryView>> Timeline(Guid id) =>
        (await http.GetFromJsonAsync<List<TimelineEntryView>>($"/api/reviews/{id}/timeline", Json))!;

    private static async Task<ReviewView> Read(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<ReviewView>(Json))!;
}
