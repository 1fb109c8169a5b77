using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orchestration.Orchestrator.Security;

/// <summary>The keys the <see cref="ApiKeyAuthenticationHandler"/> accepts, read from <see cref="AuthOptions"/> at start.</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The accepted keys; revoked keys are left out.</summary>
    public IReadOnlyList<ApiKeyIdentity> Keys { get; set; } = [];
}

/// <summary>One accepted key: its name, SHA-256 hash, partnership (or <c>*</c>) and roles.</summary>
public sealed record ApiKeyIdentity(string Name, byte[] Hash, string Partnership, IReadOnlyList<string> Roles)
{
    /// <summary>The key's holder as a caller signed in by <paramref name="scheme"/>: its name, partnership and roles, never the key.</summary>
    public ClaimsPrincipal Principal(string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, Name), new(CallerAccess.PartnershipClaim, Partnership) };
        claims.AddRange(Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}

/// <summary>Authenticates systems by the <c>X-Api-Key</c> header, against the keys of the <see cref="ApiKeyDirectory"/>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyDirectory directory)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header a key is sent in.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>SHA-256 of a key's UTF-8 bytes.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]) || values[0]!.Length > 512)
        {
            return AuthenticateResult.Fail("The API key is not recognised.");
        }

        var match = await directory.Find(values[0]!, Context.RequestAborted).ConfigureAwait(false);
        if (match is null)
        {
            // The key itself is never logged.
            return AuthenticateResult.Fail("The API key is not recognised.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(match.Principal(SchemeName), SchemeName));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = $"Send a valid, unrevoked API key in the {Header} header, or a bearer token where they are accepted.",
            },
        }).ConfigureAwait(false);
    }
}
