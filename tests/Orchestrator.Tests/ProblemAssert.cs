using System.Net;
using System.Text.Json;

namespace Orchestration.Orchestrator.Tests;

/// <summary>Checks an answer is RFC 9457 problem+json with the expected status and, for a 400, an error for the field.</summary>
internal static class ProblemAssert
{
    public static Task NamesField(HttpResponseMessage response, string field) =>
        NamesFields(response, HttpStatusCode.BadRequest, field);

    /// <summary>Checks the answer has the status and names every field in its <c>errors</c>; returns the problem.</summary>
    public static async Task<JsonElement> NamesFields(HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        foreach (var field in fields)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"The problem should name '{field}': {text}");
        }

        return problem;
    }
}
