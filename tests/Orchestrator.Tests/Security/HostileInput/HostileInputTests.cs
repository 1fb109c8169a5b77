using System.Net;
using System.Text.Json;
using Orchestration.Orchestrator.Tests.Reviews;
using Xunit.Abstractions;

namespace Orchestration.Orchestrator.Tests.Security.HostileInput;

/// <summary>
/// Issue 8, input half: the hostile-input corpus (<see cref="HostileCorpus"/>) against the orchestrator on Kestrel over real
/// HTTP. Every case answers 4xx problem+json (a replay: its documented 200, marked a duplicate), never 5xx, changes nothing
/// in the database (a refused event only its documented rejection on the timeline), never echoes the referral's people,
/// and the service still answers afterwards.
/// </summary>
public sealed class HostileInputTests(HostileService service, ITestOutputHelper output) : IClassFixture<HostileService>
{
    [Fact]
    public void The_corpus_holds_at_least_300_cases_in_every_category()
    {
        var cases = HostileCorpus.Cases().ToList();
        foreach (var category in cases.GroupBy(c => c.Category))
        {
            output.WriteLine($"{category.Key}: {category.Count()}");
        }

        output.WriteLine($"total: {cases.Count}");
        Assert.True(cases.Count >= 300, $"{cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.ToString()).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(18, cases.Select(c => c.Category).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Every_hostile_request_is_refused_with_problem_json_and_changes_nothing_and_the_service_keeps_serving()
    {
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        foreach (var hostile in HostileCorpus.Cases())
        {
            var (status, failure) = await Run(hostile);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (failure is not null)
            {
                failures.Add($"{hostile}: {failure}");
            }
        }

        output.WriteLine(string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} cases failed:\n{string.Join('\n', failures)}");
        Assert.DoesNotContain(statuses.Keys, s => s >= 500);

        var (health, read) = await service.StillServing();
        Assert.Equal(HttpStatusCode.OK, health);
        Assert.Equal(HttpStatusCode.OK, read);
    }

    private async Task<(int Status, string? Failure)> Run(HostileCase hostile)
    {
        var recorded = hostile.Expected == Expected.RefusedAndRecorded;
        var before = recorded ? await DatabaseSnapshot.TakeBusiness(service.Services) : await DatabaseSnapshot.Take(service.Services);
        var rejectionsBefore = await DatabaseSnapshot.Rejections(service.Services);

        using var request = hostile.Make(service);
        HttpResponseMessage response;
        try
        {
            response = await service.Client.SendAsync(request);
        }
        catch (HttpRequestException error)
        {
            return (0, $"no answer ({error.Message})");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var failure = Answer(hostile, status, response.Content.Headers.ContentType?.MediaType, text);

            var after = recorded ? await DatabaseSnapshot.TakeBusiness(service.Services) : await DatabaseSnapshot.Take(service.Services);
            var changed = before.Differences(after);
            var rejections = await DatabaseSnapshot.Rejections(service.Services) - rejectionsBefore;
            if (changed.Count > 0)
            {
                failure ??= $"changed {string.Join(", ", changed)} (answered {status}: {Shorten(text)})";
            }
            else if (rejections > (recorded ? 1 : 0))
            {
                failure ??= $"recorded {rejections} rejections";
            }

            return (status, failure);
        }
    }

    private static string? Answer(HostileCase hostile, int status, string? mediaType, string text)
    {
        if (status >= 500)
        {
            return $"answered {status}: {Shorten(text)}";
        }

        if (hostile.Expected == Expected.Replayed && status == 200)
        {
            return text.Contains("\"duplicate\":true", StringComparison.Ordinal) || !text.Contains("\"duplicate\"", StringComparison.Ordinal) ? null : "a replay not marked as one";
        }

        if (status is < 400 or >= 500)
        {
            return $"answered {status}, not a refusal: {Shorten(text)}";
        }

        if (hostile.Status is { } expected && expected != status)
        {
            return $"answered {status}, expected {expected}: {Shorten(text)}";
        }

        if (hostile.Expected == Expected.RefusedByServer)
        {
            return null;
        }

        if (mediaType != "application/problem+json")
        {
            return $"answered {status} as {mediaType ?? "no content type"}, not problem+json: {Shorten(text)}";
        }

        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            if (!problem.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String
                || !problem.TryGetProperty("status", out var given) || given.GetInt32() != status)
            {
                return $"a problem without its title and status: {Shorten(text)}";
            }
        }
        catch (JsonException)
        {
            return $"a problem that is not JSON: {Shorten(text)}";
        }

        return text.Contains(Referrals.ChildName, StringComparison.Ordinal) ? "the answer names the child" : null;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
