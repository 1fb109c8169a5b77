using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orchestration.Orchestrator.Tests;

/// <summary>Checks an answer is RFC 9457 problem+json with the expected status and, for a 400, an error for the field.</summary>
internal static class ProblemAssert
{
    public static async Task NamesField(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"The problem should name '{field}'.");
    }
}
