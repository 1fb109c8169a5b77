using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orchestration.Orchestrator.Security;
using Orchestration.Orchestrator.Tests.Durability;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Security;

/// <summary>
/// Keys issued and revoked through <c>/api/admin/keys</c>: the key is shown once and works for its partnership and
/// roles only; only its hash is stored; a revocation holds from the next request; only administrators of every
/// partnership may do any of it.
/// </summary>
public sealed class IssuedKeyTests
{
    [Fact]
    public async Task An_issued_key_acts_for_its_partnership_and_roles_until_it_is_revoked()
    {
        await using var factory = SecuredOrchestrator.Create();
        using var admin = factory.CreateClient();

        using var issued = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "wbc-case-system", partnership = "warrington", roles = new[] { "Submitter", "Reader" } });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.Equal("no-store", issued.Headers.CacheControl?.ToString());
        using var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
        var key = body.RootElement.GetProperty("key").GetString()!;
        Assert.StartsWith("cspr_", key, StringComparison.Ordinal);
        Assert.Equal(["Submitter", "Reader"], body.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // Only the hash is stored, and the list never shows the key.
        var stored = await factory.Read(db => db.ApiKeys.SingleAsync(k => k.Name == "wbc-case-system"));
        Assert.Equal(SecuredOrchestrator.HashOf(key), stored.Hash, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(SecurityRegistration.DevelopmentKeyName, stored.IssuedBy);
        var listing = await admin.GetStringAsync("/api/admin/keys");
        Assert.Contains("wbc-case-system", listing, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Hash, listing, StringComparison.OrdinalIgnoreCase);

        using var system = factory.ClientWith(key);
        using var opened = await system.PostAsJsonAsync("/api/reviews", Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"));
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        using var elsewhere = await system.PostAsJsonAsync("/api/reviews", Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"));
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        using var notAdmin = await system.GetAsync(new Uri("/api/admin/keys", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);

        using var revoked = await admin.DeleteAsync(new Uri("/api/admin/keys/wbc-case-system", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var after = await system.GetAsync(new Uri("/api/reviews", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var record = await factory.Read(db => db.ApiKeys.SingleAsync(k => k.Name == "wbc-case-system"));
        Assert.NotNull(record.RevokedAt);
        Assert.Equal(SecurityRegistration.DevelopmentKeyName, record.RevokedBy);

        // Revoking again changes nothing; the name stays taken, as the record of who held it.
        using var again = await admin.DeleteAsync(new Uri("/api/admin/keys/wbc-case-system", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var reissued = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "wbc-case-system", partnership = "warrington", roles = new[] { "Reader" } });
        await ProblemAssert.NamesFields(reissued, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{ "name": "", "partnership": "warrington", "roles": ["Reader"] }""", 422, "name")]
    [InlineData("""{ "name": "Upper Case", "partnership": "warrington", "roles": ["Reader"] }""", 422, "name")]
    [InlineData("""{ "name": "ok-name", "partnership": "atlantis", "roles": ["Reader"] }""", 422, "partnership")]
    [InlineData("""{ "name": "ok-name", "partnership": "warrington", "roles": [] }""", 422, "roles")]
    [InlineData("""{ "name": "ok-name", "partnership": "warrington", "roles": ["Superuser"] }""", 422, "roles")]
    [InlineData("""{ "name": "ok-name", "partnership": "warrington", "roles": ["Reader"], "expires": "never" }""", 422, "expires")]
    [InlineData("""{ "name": "ok-name", "partnership": "warrington", "roles": "Reader" }""", 422, "roles")]
    [InlineData("""{ "name": "ok-name", """, 400, "")]
    [InlineData("""{ "name": "hub-operator", "partnership": "*", "roles": ["Reader"] }""", 409, "")]
    public async Task A_key_asked_for_badly_is_refused_with_the_field_named_and_nothing_issued(string json, int status, string field)
    {
        await using var factory = SecuredOrchestrator.Create();
        using var admin = factory.CreateClient();

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var answer = await admin.PostAsync(new Uri("/api/admin/keys", UriKind.Relative), content);

        var problem = await ProblemAssert.NamesFields(answer, (HttpStatusCode)status);
        Assert.Contains(field, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, await factory.Read(db => db.ApiKeys.CountAsync()));
    }

    [Fact]
    public async Task Only_an_administrator_of_every_partnership_issues_lists_or_revokes_keys()
    {
        await using var factory = SecuredOrchestrator.Create();
        foreach (var key in new[] { SecuredOrchestrator.WarringtonReader, SecuredOrchestrator.HubOperator })
        {
            using var caller = factory.ClientWith(key);
            using var issue = await caller.PostAsJsonAsync("/api/admin/keys", new { name = "sneaky", partnership = "*", roles = new[] { "Administrator" } });
            Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
            using var list = await caller.GetAsync(new Uri("/api/admin/keys", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            using var revoke = await caller.DeleteAsync(new Uri("/api/admin/keys/anything", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        }

        using var anonymous = factory.ClientWith(null);
        using var unauthenticated = await anonymous.GetAsync(new Uri("/api/admin/keys", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(0, await factory.Read(db => db.ApiKeys.CountAsync()));
    }
}
