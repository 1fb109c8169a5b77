using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Security;

/// <summary>
/// Issue 8: roles separate the work, and a caller of one partnership can neither read nor change anything of
/// another's (404, as if it did not exist); lists and reports hold only the caller's partnerships.
/// </summary>
public sealed class PartnershipScopingTests : IAsyncLifetime
{
    private readonly OrchestratorFactory factory = SecuredOrchestrator.Create();
    private Guid warrington;
    private Guid gloucestershire;

    public async Task InitializeAsync()
    {
        var everyone = new ReviewClient(factory.CreateClient());
        warrington = (await everyone.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;
        gloucestershire = (await everyone.Open(Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-01-05", "2027-01-05"))).Id;
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("/api/reviews/{0}")]
    [InlineData("/api/reviews/{0}/timeline")]
    [InlineData("/api/reviews/{0}/timeline/verify")]
    [InlineData("/api/reviews/{0}/compliance")]
    [InlineData("/reviews/{0}")]
    public async Task Another_partnerships_review_is_not_found(string address)
    {
        using var reader = factory.ClientWith(SecuredOrchestrator.WarringtonReader);
        using var own = await reader.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, address, warrington), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var others = await reader.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, address, gloucestershire), UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        using var none = await reader.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, address, Guid.NewGuid()), UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(none.Content.Headers.ContentType?.MediaType, others.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_event_for_another_partnerships_review_is_not_found_and_changes_nothing()
    {
        using var submitter = factory.ClientWith(SecuredOrchestrator.WarringtonSubmitter);
        using var response = await submitter.PostAsJsonAsync($"/api/reviews/{gloucestershire}/events/SeriousIncidentNotified", new { occurredOn = "2027-01-05" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var timeline = await Read(db => db.Timeline.CountAsync(t => t.ReviewId == gloucestershire));
        Assert.Equal(1, timeline);

        using var own = await submitter.PostAsJsonAsync($"/api/reviews/{warrington}/events/SeriousIncidentNotified", new { occurredOn = "2027-01-04" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task A_referral_for_another_partnership_is_refused_with_403_and_nothing_stored()
    {
        using var submitter = factory.ClientWith(SecuredOrchestrator.WarringtonSubmitter);
        using var response = await submitter.PostAsJsonAsync("/api/reviews", Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-01-06", "2027-01-06"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, await Read(db => db.Reviews.CountAsync()));
    }

    [Fact]
    public async Task A_repeat_referral_naming_another_partnerships_review_is_not_found()
    {
        using var submitter = factory.ClientWith(SecuredOrchestrator.WarringtonSubmitter);
        using var response = await submitter.PostAsJsonAsync("/api/reviews", Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-06", "2027-01-06", eventId: gloucestershire));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Roles_separate_submitting_deciding_reading_and_operating()
    {
        using var reader = factory.ClientWith(SecuredOrchestrator.WarringtonReader);
        using var submitter = factory.ClientWith(SecuredOrchestrator.WarringtonSubmitter);
        using var partner = factory.ClientWith(SecuredOrchestrator.WarringtonPartner);
        using var hubOperator = factory.ClientWith(SecuredOrchestrator.HubOperator);

        await Forbidden(await reader.PostAsJsonAsync("/api/reviews", Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-06", "2027-01-06")));
        await Forbidden(await reader.PostAsJsonAsync($"/api/reviews/{warrington}/events/SeriousIncidentNotified", new { occurredOn = "2027-01-04" }));
        await Forbidden(await submitter.PostAsJsonAsync($"/api/reviews/{warrington}/events/PartnerDecisionRecorded", new { occurredOn = "2027-01-04" }));
        await Forbidden(await partner.PostAsJsonAsync($"/api/reviews/{warrington}/events/SeriousIncidentNotified", new { occurredOn = "2027-01-04" }));
        await Forbidden(await submitter.GetAsync(new Uri($"/api/reviews/{warrington}", UriKind.Relative)));
        await Forbidden(await submitter.GetAsync(new Uri("/api/deadlines", UriKind.Relative)));
        await Forbidden(await reader.GetAsync(new Uri("/api/admin/calendar/changes", UriKind.Relative)));
        await Forbidden(await hubOperator.GetAsync(new Uri("/api/admin/calendar/changes", UriKind.Relative)));
        await Forbidden(await hubOperator.GetAsync(new Uri($"/api/reviews/{warrington}", UriKind.Relative)));
        using var retry = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "x", ["requestedBy"] = "Reader", ["reason"] = "Testing" });
        await Forbidden(await reader.PostAsync(new Uri($"/reviews/{warrington}/deliveries/retry", UriKind.Relative), retry));

        // A partner's own decision passes the role check and reaches the review's validation.
        using var decision = await partner.PostAsJsonAsync($"/api/reviews/{warrington}/events/PartnerDecisionRecorded", new { occurredOn = "2027-01-04" });
        Assert.NotEqual(HttpStatusCode.Forbidden, decision.StatusCode);
        Assert.NotEqual(HttpStatusCode.NotFound, decision.StatusCode);
        using var dashboard = await hubOperator.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task Lists_hold_only_the_callers_partnership()
    {
        using var reader = factory.ClientWith(SecuredOrchestrator.WarringtonReader);
        var reviews = await reader.GetFromJsonAsync<Paged<ReviewSummary>>("/api/reviews", ReviewClient.Json);
        Assert.Equal([warrington], reviews!.Items.Select(r => r.Id));
        var asked = await reader.GetFromJsonAsync<Paged<ReviewSummary>>("/api/reviews?partnership=gloucestershire", ReviewClient.Json);
        Assert.Empty(asked!.Items);

        var deadlines = await reader.GetFromJsonAsync<JsonElement>("/api/deadlines");
        Assert.NotEmpty(deadlines.GetProperty("items").EnumerateArray());
        Assert.All(deadlines.GetProperty("items").EnumerateArray(), d => Assert.Equal("warrington", d.GetProperty("partnership").GetString()));

        var dashboard = await reader.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains(warrington.ToString(), dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain(gloucestershire.ToString(), dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain("gloucestershire", dashboard, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_hub_report_covers_only_the_callers_partnerships()
    {
        using var reader = factory.ClientWith(SecuredOrchestrator.WarringtonReader);
        using var hub = await reader.GetAsync(new Uri("/api/reports/hub?partnerships=warrington,gloucestershire&from=2027-01-01&to=2027-01-31", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
        var report = JsonDocument.Parse(await hub.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["warrington"], report.GetProperty("partnerships").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(1, report.GetProperty("referrals").GetInt32());
        Assert.Equal("gloucestershire", hub.Headers.GetValues("X-Partnerships-Omitted").Single());

        using var others = await reader.GetAsync(new Uri("/api/reports/partnerships/gloucestershire?from=2027-01-01&to=2027-01-31", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        using var onlyOthers = await reader.GetAsync(new Uri("/api/reports/hub?partnerships=gloucestershire&from=2027-01-01&to=2027-01-31", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, onlyOthers.StatusCode);
    }

    [Fact]
    public async Task Reading_a_review_is_recorded_in_the_access_log_without_anyones_name()
    {
        using var reader = factory.ClientWith(SecuredOrchestrator.WarringtonReader);
        using var read = await reader.GetAsync(new Uri($"/api/reviews/{warrington}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var page = await reader.GetAsync(new Uri($"/reviews/{warrington}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var refused = await reader.GetAsync(new Uri($"/api/reviews/{gloucestershire}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        var log = await Read(db => db.AccessLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([("warrington-reader", "review"), ("warrington-reader", "dashboard:review")], log.Select(e => (e.Caller, e.What)));
        Assert.All(log, e =>
        {
            Assert.Equal(warrington, e.ReviewId);
            Assert.Equal("warrington", e.Partnership);
            Assert.Equal("ApiKey", e.AuthenticatedBy);
        });
        Assert.DoesNotContain(Referrals.ChildName, JsonSerializer.Serialize(log), StringComparison.Ordinal);
        Assert.DoesNotContain(Referrals.ChildName.Split(' ')[^1], JsonSerializer.Serialize(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checking_an_uploaded_report_against_the_referral_is_recorded_in_the_access_log()
    {
        var submitter = new ReviewClient(factory.ClientWith(SecuredOrchestrator.WarringtonSubmitter));
        using var response = await submitter.Upload(warrington, "FinalReport", "Child D\n"u8.ToArray(), "text/plain", "2027-01-04");
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        var log = await Read(db => db.AccessLog.AsNoTracking().ToListAsync());
        var entry = Assert.Single(log);
        Assert.Equal(("warrington-submitter", "referral:name-check", warrington), (entry.Caller, entry.What, entry.ReviewId));

        using var others = await submitter.Upload(gloucestershire, "FinalReport", "Child D\n"u8.ToArray(), "text/plain", "2027-01-04");
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Single(await Read(db => db.AccessLog.AsNoTracking().ToListAsync()));
    }

    private static async Task Forbidden(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected 403, got {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            await Task.CompletedTask;
        }
    }

    private async Task<T> Read<T>(Func<ReviewsDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ReviewsDbContext>());
    }
}
