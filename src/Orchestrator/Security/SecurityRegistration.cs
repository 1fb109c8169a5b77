using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace Orchestration.Orchestrator.Security;

/// <summary>
/// Authentication (API keys in <c>X-Api-Key</c> for systems, bearer tokens for people) and the authorisation
/// policies. Every endpoint requires an authenticated caller unless it says otherwise (only <c>/health/*</c> does).
/// </summary>
public static class SecurityRegistration
{
    /// <summary>The scheme that picks the bearer scheme for an <c>Authorization: Bearer</c> request and the key scheme otherwise.</summary>
    public const string SelectingScheme = "ApiKeyOrBearer";

    /// <summary>The name the development key goes by in the access log.</summary>
    public const string DevelopmentKeyName = "development";

    /// <summary>Registers authentication and authorisation from <c>Auth</c>; refuses the development key in Production.</summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var keys = AcceptedKeys(options, builder.Environment);
        var jwt = options.Jwt;
        if (jwt.Enabled && string.IsNullOrWhiteSpace(jwt.Audience))
        {
            throw new InvalidOperationException("Auth:Jwt:Audience must name this service's audience when Auth:Jwt:Authority or Auth:Jwt:Issuer is set.");
        }

        var authentication = builder.Services.AddAuthentication(SelectingScheme)
            .AddPolicyScheme(SelectingScheme, "API key, bearer token or dashboard session", scheme => scheme.ForwardDefaultSelector = http =>
                jwt.Enabled && http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : !http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) && DashboardSignIn.IsBrowserPage(http.Request)
                        ? DashboardSignIn.Scheme
                        : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, scheme => scheme.Keys = keys)
            .AddDashboardSessions();
        builder.Services.AddScoped<ApiKeyDirectory>();
        if (jwt.Enabled)
        {
            authentication.AddJwtBearer(bearer =>
            {
                bearer.MapInboundClaims = false;
                if (!string.IsNullOrWhiteSpace(jwt.Authority))
                {
                    bearer.Authority = jwt.Authority;
                }

                bearer.Audience = jwt.Audience;
                bearer.TokenValidationParameters.ValidateAudience = true;
                bearer.TokenValidationParameters.ValidAudience = jwt.Audience;
                if (!string.IsNullOrWhiteSpace(jwt.Issuer))
                {
                    bearer.TokenValidationParameters.ValidIssuer = jwt.Issuer;
                }

                bearer.TokenValidationParameters.NameClaimType = "sub";
                bearer.TokenValidationParameters.RoleClaimType = jwt.RoleClaim;
                bearer.Events = new JwtBearerEvents { OnTokenValidated = context => AddPartnerships(context, jwt.PartnershipClaim) };
            });
        }

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(SecurityPolicies.Submit, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Submitter))
            .AddPolicy(SecurityPolicies.SendEvents, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Submitter, Roles.Partner))
            .AddPolicy(SecurityPolicies.Read, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Reader))
            .AddPolicy(SecurityPolicies.Dashboard, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Reader, Roles.Operator))
            .AddPolicy(SecurityPolicies.RetryNotifications, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Operator))
            .AddPolicy(SecurityPolicies.Clock, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Operator, Roles.Administrator)
                .RequireClaim(CallerAccess.PartnershipClaim, CallerAccess.EveryPartnership))
            .AddPolicy(SecurityPolicies.Administer, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Administrator)
                .RequireClaim(CallerAccess.PartnershipClaim, CallerAccess.EveryPartnership));
        return builder;
    }

    /// <summary>
    /// The API reference's own script files are mapped as anonymous by Scalar; the rule here is that nothing but
    /// <c>/health/*</c> answers an unauthenticated caller, so they are challenged like everything else.
    /// </summary>
    public static IApplicationBuilder UseAuthenticatedApiReference(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/api/docs", StringComparison.OrdinalIgnoreCase) && http.User.Identity?.IsAuthenticated != true)
            {
                await http.ChallengeAsync().ConfigureAwait(false);
                return;
            }

            await next(http).ConfigureAwait(false);
        });

    /// <summary>The keys configured under <c>Auth</c>, checked: a malformed key, or the development key in Production, stops the start.</summary>
    internal static List<ApiKeyIdentity> AcceptedKeys(AuthOptions options, IHostEnvironment environment)
    {
        var keys = new List<ApiKeyIdentity>();
        if (!string.IsNullOrEmpty(options.DevelopmentApiKey))
        {
            if (environment.IsProduction())
            {
                throw new InvalidOperationException(
                    "Auth:DevelopmentApiKey (Auth__DevelopmentApiKey) is set in the Production environment. The development key holds every role for " +
                    "every partnership and is refused in production: remove it and configure Auth:ApiKeys or Auth:Jwt instead.");
            }

            if (options.DevelopmentApiKey.Length < 16)
            {
                throw new InvalidOperationException("Auth:DevelopmentApiKey must be at least 16 characters long.");
            }

            keys.Add(new ApiKeyIdentity(DevelopmentKeyName, ApiKeyAuthenticationHandler.Hash(options.DevelopmentApiKey), CallerAccess.EveryPartnership, Roles.All));
        }

        foreach (var (name, key) in options.ApiKeys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (key.Revoked)
            {
                continue;
            }

            var where = $"Auth:ApiKeys:{name}";
            if (key.Hash is not { Length: 64 } hex || !hex.All(char.IsAsciiHexDigit))
            {
                throw new InvalidOperationException($"{where}:Hash must be the key's SHA-256 as 64 hexadecimal digits.");
            }

            if (string.IsNullOrWhiteSpace(key.Partnership))
            {
                throw new InvalidOperationException($"{where}:Partnership must name the partnership the key acts for (or * for every partnership).");
            }

            var roles = (key.Roles ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = roles.Where(r => Roles.Named(r) is null).ToList();
            if (roles.Length == 0 || unknown.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{where}:Roles must list one or more of {string.Join(", ", Roles.All)}" + (unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}." : "."));
            }

            keys.Add(new ApiKeyIdentity(name, Convert.FromHexString(hex), key.Partnership.Trim(),
                [.. roles.Select(r => Roles.Named(r)!).Distinct(StringComparer.Ordinal)]));
        }

        if (keys.Select(k => Convert.ToHexString(k.Hash)).GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is not null)
        {
            throw new InvalidOperationException("Two API keys under Auth have the same hash: give each system a key of its own.");
        }

        return keys;
    }

    private static Task AddPartnerships(TokenValidatedContext context, string claim)
    {
        if (context.Principal?.Identity is ClaimsIdentity identity)
        {
            foreach (var partnership in identity.FindAll(claim).Select(c => c.Value).ToList())
            {
                identity.AddClaim(new Claim(CallerAccess.PartnershipClaim, partnership.Trim(), ClaimValueTypes.String, "bearer"));
            }
        }

        return Task.CompletedTask;
    }
}
