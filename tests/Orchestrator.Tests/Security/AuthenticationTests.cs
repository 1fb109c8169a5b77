using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Tests.Security;

/// <summary>Issue 8: every endpoint but <c>/health/*</c> requires a caller with a valid, unrevoked key.</summary>
public sealed partial class AuthenticationTests : IDisposable
{
    private readonly OrchestratorFactory factory = SecuredOrchestrator.Create(new Dictionary<string, string?> { ["Clock:Mode"] = "Virtual" });

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Every_endpoint_but_health_answers_401_problem_json_to_a_caller_without_a_key()
    {
        using var anonymous = factory.ClientWith(key: null);
        var endpoints = Endpoints().ToList();
        Assert.Contains(endpoints, e => e.Path == "/");
        Assert.Contains(endpoints, e => e.Path.StartsWith("/api/admin/clock", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.Path.StartsWith("/openapi/", StringComparison.Ordinal));
        foreach (var (method, path) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await anonymous.SendAsync(request);
            if (path.StartsWith("/health/", StringComparison.Ordinal))
            {
                Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode}");
                continue;
            }

            if (path == DashboardSignIn.SignInPath)
            {
                // Where a person authenticates: it shows the form, and a post without a valid key opens no session.
                Assert.True(method == "GET" ? response.StatusCode == HttpStatusCode.OK : (int)response.StatusCode is >= 400 and < 500, $"{method} {path}: {(int)response.StatusCode}");
                Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(DashboardSignIn.CookieName, StringComparison.Ordinal));
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: expected 401, got {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(401, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        }
    }

    [Theory]
    [InlineData("not-a-key-anyone-was-given")]
    [InlineData(SecuredOrchestrator.RevokedWarringtonReader)]
    public async Task A_wrong_or_revoked_key_answers_401(string key)
    {
        using var client = factory.ClientWith(key);
        using var response = await client.GetAsync(new Uri("/api/reviews", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(key, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_key_is_let_in()
    {
        using var client = factory.ClientWith(SecuredOrchestrator.WarringtonReader);
        using var response = await client.GetAsync(new Uri("/api/reviews", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void The_development_key_is_refused_at_start_in_Production()
    {
        using var development = new OrchestratorFactory();
        using var production = development.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        var refusal = Assert.ThrowsAny<Exception>(() => production.Services);
        while (refusal.InnerException is not null && refusal is not InvalidOperationException)
        {
            refusal = refusal.InnerException;
        }

        Assert.Contains("Auth:DevelopmentApiKey", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Production", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_key_configuration_stops_the_start_naming_the_key()
    {
        using var malformed = SecuredOrchestrator.Create(new Dictionary<string, string?> { ["Auth:ApiKeys:broken:Hash"] = "abc", ["Auth:ApiKeys:broken:Partnership"] = "warrington", ["Auth:ApiKeys:broken:Roles"] = "Reader" });
        var refusal = Assert.ThrowsAny<Exception>(() => malformed.Services);
        while (refusal.InnerException is not null && refusal is not InvalidOperationException)
        {
            refusal = refusal.InnerException;
        }

        Assert.Contains("Auth:ApiKeys:broken:Hash", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>Every mapped route with its parameters filled in, by method.</summary>
    private IEnumerable<(string Method, string Path)> Endpoints()
    {
        var sources = factory.Services.GetServices<EndpointDataSource>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var path = Parameter().Replace(endpoint.RoutePattern.RawText ?? string.Empty, match => match.Groups[1].Value switch
            {
                "id" => Guid.NewGuid().ToString(),
                "eventName" => "SeriousIncidentNotified",
                "name" or "documentName" => "v1",
                _ => "x",
            });
            foreach (var method in methods)
            {
                yield return (method, "/" + path.TrimStart('/'));
            }
        }
    }

    [GeneratedRegex(@"\{\*{0,2}(\w+)[^}]*\}")]
    private static partial Regex Parameter();
}
