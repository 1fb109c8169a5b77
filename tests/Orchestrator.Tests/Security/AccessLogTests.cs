using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Security;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Security;

/// <summary>Issue 8: administrators read the access log; nothing personal, and no key, is ever written to the service's logs.</summary>
public sealed class AccessLogTests
{
    [Fact]
    public async Task An_administrator_reads_who_read_a_review_and_nobody_else_may()
    {
        using var factory = SecuredOrchestrator.Create();
        using var administrator = factory.CreateClient();
        var id = (await new ReviewClient(administrator).Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;
        using var reader = factory.ClientWith(SecuredOrchestrator.WarringtonReader);
        using (var read = await reader.GetAsync(new Uri($"/api/reviews/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var log = await administrator.GetFromJsonAsync<Paged<AccessLogView>>($"/api/admin/access-log?reviewId={id}", ReviewClient.Json);
        var entry = Assert.Single(log!.Items);
        Assert.Equal(("warrington-reader", "warrington", "review"), (entry.Caller, entry.Partnership, entry.What));

        using var refused = await reader.GetAsync(new Uri("/api/admin/access-log", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Neither_the_childs_name_nor_a_key_reaches_the_logs()
    {
        var logs = new CapturedLogs();
        using var secured = SecuredOrchestrator.Create();
        using var factory = secured.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var everyone = factory.CreateClient();
        var reviews = new ReviewClient(everyone);
        var warrington = (await reviews.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;
        var gloucestershire = (await reviews.Open(Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-01-05", "2027-01-05"))).Id;

        using var submitter = factory.CreateClient();
        submitter.DefaultRequestHeaders.Remove(OrchestratorFactory.ApiKeyHeader);
        submitter.DefaultRequestHeaders.Add(OrchestratorFactory.ApiKeyHeader, SecuredOrchestrator.WarringtonSubmitter);
        (await submitter.PostAsJsonAsync("/api/reviews", Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-01-06", "2027-01-06"))).Dispose();
        (await submitter.PostAsJsonAsync($"/api/reviews/{gloucestershire}/events/SeriousIncidentNotified", new { occurredOn = "2027-01-05" })).Dispose();
        (await submitter.PostAsync(new Uri($"/api/reviews/{warrington}/documents?kind=FinalReport", UriKind.Relative),
            new StringContent($"A report about {Referrals.ChildName}.\n", System.Text.Encoding.UTF8, "text/plain"))).Dispose();
        using var stranger = factory.CreateClient();
        stranger.DefaultRequestHeaders.Remove(OrchestratorFactory.ApiKeyHeader);
        stranger.DefaultRequestHeaders.Add(OrchestratorFactory.ApiKeyHeader, "a-key-nobody-was-given-0123456789");
        (await stranger.GetAsync(new Uri($"/api/reviews/{warrington}", UriKind.Relative))).Dispose();

        Assert.NotEmpty(logs.Messages);
        var surname = Referrals.ChildName.Split(' ')[^1];
        foreach (var secret in new[] { surname, OrchestratorFactory.DevelopmentKey, SecuredOrchestrator.WarringtonSubmitter, "a-key-nobody-was-given-0123456789" })
        {
            Assert.DoesNotContain(logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
        }
    }
}
