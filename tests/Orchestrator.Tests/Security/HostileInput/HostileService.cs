using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Security.HostileInput;

/// <summary>
/// The orchestrator on Kestrel on a free loopback port (real HTTP: real body limits, real header and chunked parsing),
/// in this process so the tests can read its database, with the keys of <see cref="SecuredOrchestrator"/>, and three
/// reviews: Warrington's, with one event applied (to replay it), Gloucestershire's (another partnership's), and nothing else.
/// </summary>
public sealed class HostileService : IAsyncLifetime
{
    /// <summary>The id of the event applied to the Warrington review: sending it again is a replay.</summary>
    public static readonly Guid AppliedEventId = Guid.Parse("5e1f0000-0000-4000-8000-000000000001");

    /// <summary>The id the Warrington review was opened with (its referral's eventId).</summary>
    public static readonly Guid ReferralEventId = Guid.Parse("5e1f0000-0000-4000-8000-000000000002");

    private readonly OrchestratorFactory factory = SecuredOrchestrator.Create();

    /// <summary>The server's address.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The Warrington review.</summary>
    public Guid Warrington { get; private set; }

    /// <summary>The Gloucestershire review.</summary>
    public Guid Gloucestershire { get; private set; }

    /// <summary>The service's services (its database).</summary>
    public IServiceProvider Services => factory.Services;

    /// <summary>A client on the server that sends no key unless a request carries one.</summary>
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

        using var everyone = new HttpClient { BaseAddress = Address };
        everyone.DefaultRequestHeaders.Add(OrchestratorFactory.ApiKeyHeader, OrchestratorFactory.DevelopmentKey);
        var reviews = new ReviewClient(everyone);
        Warrington = (await reviews.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04", ReferralEventId))).Id;
        await reviews.Apply(Warrington, "SeriousIncidentNotified", new { occurredOn = "2027-01-05", eventId = AppliedEventId });
        Gloucestershire = (await reviews.Open(Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-01-05", "2027-01-05"))).Id;
        await OutboxDrained();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Whether the service still answers: health, and an ordinary read with a key.</summary>
    public async Task<(HttpStatusCode Health, HttpStatusCode Read)> StillServing()
    {
        using var health = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/reviews/{Warrington}");
        read.Headers.Add(OrchestratorFactory.ApiKeyHeader, OrchestratorFactory.DevelopmentKey);
        using var answer = await Client.SendAsync(read);
        return (health.StatusCode, answer.StatusCode);
    }

    /// <summary>Waits until the relay has published everything the seeding wrote, so the corpus starts from rest.</summary>
    public async Task OutboxDrained()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var scope = Services.CreateScope();
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            if (!await database.Outbox.AnyAsync(o => o.SentAt == null))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The outbox was not drained.");
    }

    /// <summary>Sends a request with the development key unless it carries its own key header (or asks for none).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null, string? key = OrchestratorFactory.DevelopmentKey)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(OrchestratorFactory.ApiKeyHeader, key);
        }

        return request;
    }

    /// <summary>A JSON body as written.</summary>
    public static HttpContent Json(string text, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    /// <summary>A JSON body serialised from an object.</summary>
    public static HttpContent Json(object value) => JsonContent.Create(value);
}
