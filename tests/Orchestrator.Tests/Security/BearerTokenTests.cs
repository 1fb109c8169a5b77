using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Security;

/// <summary>
/// Issue 8: people sign in with bearer tokens from the partnership's identity provider; their roles and
/// partnerships come from the token's claims. The provider here is a signing key the test holds.
/// </summary>
public sealed class BearerTokenTests : IAsyncLifetime
{
    private const string Issuer = "https://identity.partnership.example";
    private const string Audience = "cspr-orchestrator";
    private static readonly SymmetricSecurityKey SigningKey = new("bearer-token-tests-signing-key-of-32-bytes-or-more"u8.ToArray());

    private readonly OrchestratorFactory factory = OrchestratorFactory.With(new Dictionary<string, string?>
    {
        ["Auth:Jwt:Issuer"] = Issuer,
        ["Auth:Jwt:Audience"] = Audience,
    });

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host = null!;
    private Guid warrington;
    private Guid gloucestershire;

    public async Task InitializeAsync()
    {
        host = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, bearer => bearer.TokenValidationParameters.IssuerSigningKey = SigningKey)));
        using var everyone = host.CreateClient();
        var reviews = new ReviewClient(everyone);
        warrington = (await reviews.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;
        gloucestershire = (await reviews.Open(Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-01-05", "2027-01-05"))).Id;
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task A_person_reads_their_partnerships_reviews_only_and_the_read_is_logged_under_their_subject()
    {
        using var person = Client(Token(audience: Audience, roles: ["Reader"], partnerships: ["warrington"]));
        using var own = await person.GetAsync(new Uri($"/api/reviews/{warrington}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var others = await person.GetAsync(new Uri($"/api/reviews/{gloucestershire}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        using var open = await person.PostAsJsonAsync("/api/reviews", Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-06", "2027-01-06"));
        Assert.Equal(HttpStatusCode.Forbidden, open.StatusCode);

        using var scope = host.Services.CreateScope();
        var log = await scope.ServiceProvider.GetRequiredService<ReviewsDbContext>().AccessLog.AsNoTracking().ToListAsync();
        var entry = Assert.Single(log);
        Assert.Equal(("p.jones", warrington), (entry.Caller, entry.ReviewId));
    }

    [Fact]
    public async Task A_token_for_another_audience_answers_401()
    {
        using var person = Client(Token(audience: "another-service", roles: ["Reader"], partnerships: ["warrington"]));
        using var response = await person.GetAsync(new Uri($"/api/reviews/{warrington}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private HttpClient Client(string token)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Remove(OrchestratorFactory.ApiKeyHeader);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Token(string audience, string[] roles, string[] partnerships) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = "p.jones", ["roles"] = roles, ["partnership"] = partnerships },
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
}
