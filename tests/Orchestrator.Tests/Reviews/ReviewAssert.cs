using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>Assertions on the review view shared by the end-to-end tests.</summary>
public static class ReviewAssert
{
    /// <summary>The review's one deadline for <paramref name="rule"/> (not about a learning action).</summary>
    public static DeadlineView Deadline(ReviewView review, string rule)
    {
        ArgumentNullException.ThrowIfNull(review);
        return Assert.Single(review.Deadlines, d => d.Rule == rule && d.Subject is null);
    }

    /// <summary>The deadline for <paramref name="rule"/> is due on <paramref name="dueOn"/> (YYYY-MM-DD) with <paramref name="status"/>.</summary>
    public static void Due(ReviewView review, string rule, string dueOn, string status)
    {
        var deadline = Deadline(review, rule);
        Assert.Equal((Day(dueOn), status), (deadline.DueOn, deadline.Status));
    }

    /// <summary>A date written YYYY-MM-DD.</summary>
    public static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The answer is a 422 problem; returns it.</summary>
    public static Task<JsonObject> Malformed(HttpResponseMessage response) => Problem(response, HttpStatusCode.UnprocessableEntity);

    /// <summary>The answer is problem+json with the status; returns it.</summary>
    public static async Task<JsonObject> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int?)problem["status"]);
        return problem;
    }
}
