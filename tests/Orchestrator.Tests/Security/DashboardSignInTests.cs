using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Tests.Security;

/// <summary>
/// People sign in to the dashboard in a browser with a key and get a session cookie that opens the dashboard's pages
/// (and not the API), ends when the key is revoked, and is never given for a wrong key or one without a dashboard role.
/// </summary>
public sealed partial class DashboardSignInTests : IDisposable
{
    private readonly OrchestratorFactory factory = SecuredOrchestrator.Create();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_browser_without_a_session_is_sent_to_sign_in_and_the_api_still_answers_401()
    {
        using var browser = Browser();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/reviews/" + Guid.NewGuid());
        page.Headers.Accept.ParseAdd("text/html");

        using var answer = await browser.SendAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("http://localhost/sign-in?ReturnUrl=%2Freviews%2F", answer.Headers.Location?.ToString(), StringComparison.Ordinal);
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/reviews");
        api.Headers.Accept.ParseAdd("text/html");
        using var refused = await browser.SendAsync(api);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_reader_signs_in_sees_the_dashboard_but_not_the_api_and_signs_out()
    {
        using var browser = Browser();

        using var signedIn = await SignIn(browser, SecuredOrchestrator.WarringtonReader, returnUrl: "/");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location?.ToString());
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardSignIn.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SecuredOrchestrator.WarringtonReader, cookie, StringComparison.Ordinal);
        using (var home = await browser.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        }

        // The session is the dashboard's: the API wants a key or a token.
        using (var api = await browser.GetAsync(new Uri("/api/reviews", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }

        var form = await browser.GetStringAsync(new Uri("/sign-in", UriKind.Relative));
        using var signOut = new FormUrlEncodedContent(new Dictionary<string, string> { [TokenField] = Token(form) });
        using (var signedOut = await browser.PostAsync(new Uri("/sign-out", UriKind.Relative), signOut))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        }

        using var after = await browser.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData("not-a-key-anyone-was-given", HttpStatusCode.Unauthorized)]
    [InlineData(SecuredOrchestrator.RevokedWarringtonReader, HttpStatusCode.Unauthorized)]
    [InlineData(SecuredOrchestrator.WarringtonSubmitter, HttpStatusCode.Forbidden)]
    [InlineData("", HttpStatusCode.Unauthorized)]
    public async Task A_wrong_revoked_or_non_dashboard_key_gets_no_session(string key, HttpStatusCode status)
    {
        using var browser = Browser();

        using var answer = await SignIn(browser, key, returnUrl: "/");

        Assert.Equal(status, answer.StatusCode);
        Assert.Contains("role=\"alert\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(answer.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(DashboardSignIn.CookieName + "=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task Sign_in_never_sends_the_browser_to_another_site(string returnUrl)
    {
        using var browser = Browser();

        using var answer = await SignIn(browser, SecuredOrchestrator.WarringtonReader, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_signs_no_one_in()
    {
        using var browser = Browser();
        await browser.GetStringAsync(new Uri("/sign-in", UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = SecuredOrchestrator.WarringtonReader });

        using var answer = await browser.PostAsync(new Uri("/sign-in", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.DoesNotContain(answer.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith(DashboardSignIn.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_session_ends_at_the_next_request_once_its_key_is_revoked()
    {
        using var admin = factory.CreateClient();
        using var issued = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "duty-manager", partnership = "warrington", roles = new[] { "Reader" } });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        using var browser = Browser();
        using (var signedIn = await SignIn(browser, key, returnUrl: "/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        using (var before = await browser.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var revoked = await admin.DeleteAsync(new Uri("/api/admin/keys/duty-manager", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        // The browser still holds the cookie: the session is refused and the person sent to sign in again.
        using var after = await browser.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("http://localhost/sign-in", after.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    private const string TokenField = "__RequestVerificationToken";

    // A browser: keeps cookies, follows no redirect, and sends no key.
    private HttpClient Browser()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Remove(OrchestratorFactory.ApiKeyHeader);
        return client;
    }

    private static async Task<HttpResponseMessage> SignIn(HttpClient browser, string key, string returnUrl)
    {
        var form = await browser.GetStringAsync(new Uri("/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative));
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [TokenField] = Token(form),
            ["returnUrl"] = returnUrl,
            ["key"] = key,
        });
        return await browser.PostAsync(new Uri("/sign-in", UriKind.Relative), content);
    }

    private static string Token(string form) => WebUtility.HtmlDecode(TokenInput().Match(form).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
