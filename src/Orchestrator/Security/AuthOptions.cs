namespace Orchestration.Orchestrator.Security;

/// <summary>Who may call the service (configuration section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auth";

    /// <summary>
    /// One key accepted with every role for every partnership, for running the embedded default and the tests
    /// (<c>Auth__DevelopmentApiKey</c>). The service refuses to start with it in the Production environment.
    /// </summary>
    public string? DevelopmentApiKey { get; set; }

    /// <summary>The API keys of systems and scripts, by name (the name is what the access log records).</summary>
    public Dictionary<string, ApiKeyOptions> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Bearer tokens of people; off unless an authority or issuer is given.</summary>
    public JwtOptions Jwt { get; set; } = new();
}

/// <summary>One system's key. Only its hash is configured, never the key.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>SHA-256 of the key's UTF-8 bytes, as 64 hexadecimal digits (e.g. <c>printf %s "$key" | sha256sum</c>).</summary>
    public string? Hash { get; set; }

    /// <summary>The one partnership (profile name) the key acts for, or <c>*</c> for every partnership (a hub or national body).</summary>
    public string? Partnership { get; set; }

    /// <summary>The key's roles, comma-separated (<see cref="Roles"/>).</summary>
    public string? Roles { get; set; }

    /// <summary>A revoked key is refused as if unknown.</summary>
    public bool Revoked { get; set; }
}

/// <summary>OpenID Connect / JWT bearer tokens for people.</summary>
public sealed class JwtOptions
{
    /// <summary>The identity provider (its OpenID configuration gives the issuer and signing keys).</summary>
    public string? Authority { get; set; }

    /// <summary>The issuer tokens must carry; by default the authority's.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience tokens must be issued for (this service).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that carries roles.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim (one or several) that carries the partnerships a person acts for; <c>*</c> for all.</summary>
    public string PartnershipClaim { get; set; } = "partnership";

    /// <summary>Whether bearer tokens are accepted at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(Issuer);
}
