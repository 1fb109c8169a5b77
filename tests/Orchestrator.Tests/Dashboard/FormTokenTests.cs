using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orchestration.Orchestrator.Tests.Dashboard;

/// <summary>
/// The retry form's antiforgery token behind a proxy with two replicas: with <c>Dashboard:KeysPath</c> shared, a
/// token one instance issued is accepted by the other; with each instance's own keys it is refused.
/// </summary>
public sealed class FormTokenTests
{
    [Fact]
    public async Task A_form_token_from_one_instance_is_accepted_by_another_sharing_the_key_ring_and_refused_by_one_that_does_not()
    {
        var keys = Directory.CreateTempSubdirectory("dashboard-keys-").FullName;
        try
        {
            var shared = new Dictionary<string, string?> { ["Dashboard:KeysPath"] = keys };
            await using var first = OrchestratorFactory.With(shared);
            await using var second = OrchestratorFactory.With(shared);
            await using var stranger = OrchestratorFactory.With(new Dictionary<string, string?>());
            var (cookie, token) = await FormToken(first);

            // Accepted: the form is then judged on its fields (no name, no reason: 422), not refused as forged (400).
            Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostRetry(second, cookie, token));
            Assert.Equal(HttpStatusCode.BadRequest, await PostRetry(stranger, cookie, token));
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    /// <summary>
    /// The cookie and form field a page of <paramref name="factory"/> would hand a browser signed in with the development
    /// key (a form token is bound to its caller).
    /// </summary>
    private static async Task<(string Cookie, KeyValuePair<string, string> Token)> FormToken(OrchestratorFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var antiforgery = scope.ServiceProvider.GetRequiredService<IAntiforgery>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        var page = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        page.Request.Headers[OrchestratorFactory.ApiKeyHeader] = OrchestratorFactory.DevelopmentKey;
        page.User = (await page.AuthenticateAsync()).Principal!;
        var tokens = antiforgery.GetTokens(page);
        return ($"{options.Cookie.Name}={tokens.CookieToken}", KeyValuePair.Create(tokens.FormFieldName, tokens.RequestToken!));
    }

    private static async Task<HttpStatusCode> PostRetry(OrchestratorFactory factory, string cookie, KeyValuePair<string, string> token)
    {
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/reviews/{Guid.NewGuid()}/deliveries/retry", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([token, KeyValuePair.Create("key", "k"), KeyValuePair.Create("eventId", Guid.NewGuid().ToString())]),
        };
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
