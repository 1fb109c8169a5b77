using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Input;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Security;

/// <summary>
/// <c>/api/admin/keys</c>: administrators of every partnership issue API keys to systems and scripts, list them and
/// revoke them. A key is shown once, in the answer that issues it; only its SHA-256 is stored. A revocation takes
/// effect at the next request, on every instance.
/// </summary>
public static partial class ApiKeyEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/keys").WithTags("Security").RequireAuthorization(SecurityPolicies.Administer);
        group.MapPost("/", Issue).Accepts<IssueApiKey>("application/json")
            .Produces<IssuedApiKeyView>(StatusCodes.Status201Created)
            .WithSummary("Issue an API key for one partnership (or *) and a set of roles; the key is in this answer only")
            .WithDescription("422 for an unusable name, partnership or role, or an unknown field or a wrong type (each named); 409 when the name is taken "
                + "(by an issued or a configured key); 400 for a body that is not JSON; 415 for one that is not application/json.");
        group.MapGet("/", List).WithSummary("The keys issued through the API, revoked ones included (never a key or its hash)");
        group.MapDelete("/{name}", Revoke).WithSummary("Revoke an issued key: refused from the next request on; the record stays");
        return app;
    }

    internal static async Task<IResult> Issue(HttpContext http, ReviewsDbContext database, ProfileCatalogue profiles,
        IOptionsMonitor<ApiKeyAuthenticationOptions> configured, TimeProvider time, ILoggerFactory loggers)
    {
        var (body, unreadable) = await JsonBody.Read(http, "key request").ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var (request, malformed) = EventCatalogue.Read<IssueApiKey>(body!);
        if (malformed.Count > 0)
        {
            return JsonBody.Malformed(malformed, "key request");
        }

        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = request?.Name?.Trim() ?? string.Empty;
        if (!KeyName().IsMatch(name))
        {
            problems["name"] = ["a key's name is 1 to 64 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit"];
        }

        var partnership = request?.Partnership?.Trim() ?? string.Empty;
        if (partnership != CallerAccess.EveryPartnership && profiles.Find(partnership) is null)
        {
            problems["partnership"] = [$"the partnership must be one of {string.Join(", ", profiles.All.Select(p => p.Name))}, or * for every partnership"];
        }

        var asked = request?.Roles ?? [];
        var roles = asked.Select(Roles.Named).ToList();
        if (roles.Count == 0 || roles.Any(r => r is null))
        {
            problems["roles"] = [$"roles lists one or more of {string.Join(", ", Roles.All)}"];
        }

        if (problems.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(problems)
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The key cannot be issued as asked",
                Detail = "Nothing was issued. Each field below needs attention.",
            });
        }

        if (configured.Get(ApiKeyAuthenticationHandler.SchemeName).Keys.Any(k => string.Equals(k.Name, name, StringComparison.Ordinal))
            || await database.ApiKeys.AnyAsync(k => k.Name == name, http.RequestAborted).ConfigureAwait(false))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The name is taken",
                detail: $"A key named {name} exists already (revoked keys keep their names as a record). Choose another name.");
        }

        var key = "cspr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var issued = new IssuedApiKey
        {
            Name = name,
            Hash = Convert.ToHexString(ApiKeyAuthenticationHandler.Hash(key)),
            Partnership = partnership,
            Roles = string.Join(",", roles.Distinct(StringComparer.Ordinal)),
            IssuedAt = time.GetUtcNow(),
            IssuedBy = http.User.Name(),
        };
        database.ApiKeys.Add(issued);
        try
        {
            await database.SaveChangesAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The name is taken",
                detail: $"A key named {name} was issued meanwhile. Choose another name.");
        }

        var logger = loggers.CreateLogger(typeof(ApiKeyEndpoints));
        LogIssued(logger, name, partnership, issued.Roles, issued.IssuedBy);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/admin/keys/{name}", IssuedApiKeyView.Of(issued) with { Key = key });
    }

    internal static async Task<IResult> List(ReviewsDbContext database, CancellationToken cancellationToken)
    {
        var keys = await database.ApiKeys.AsNoTracking().OrderBy(k => k.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(keys.Select(IssuedApiKeyView.Of).ToList());
    }

    internal static async Task<IResult> Revoke(string name, HttpContext http, ReviewsDbContext database, TimeProvider time, ILoggerFactory loggers)
    {
        var key = await database.ApiKeys.SingleOrDefaultAsync(k => k.Name == name, http.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key",
                detail: "No key of that name was issued through the API (keys in the configuration are revoked there).");
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            key.RevokedBy = http.User.Name();
            await database.SaveChangesAsync(http.RequestAborted).ConfigureAwait(false);
            var logger = loggers.CreateLogger(typeof(ApiKeyEndpoints));
            LogRevoked(logger, key.Name, key.RevokedBy);
        }

        return TypedResults.NoContent();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyName();

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "API key {Name} issued for {Partnership} with roles {Roles} by {IssuedBy}.")]
    private static partial void LogIssued(ILogger logger, string name, string partnership, string roles, string issuedBy);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "API key {Name} revoked by {RevokedBy}.")]
    private static partial void LogRevoked(ILogger logger, string name, string revokedBy);
}

/// <summary>What an administrator asks for: a name for the key's holder, its partnership (or <c>*</c>) and its roles.</summary>
public sealed record IssueApiKey(string? Name, string? Partnership, IReadOnlyList<string?>? Roles);

/// <summary>An issued key as the API shows it; <see cref="Key"/> only in the answer that issues it.</summary>
public sealed record IssuedApiKeyView(
    string Name, string Partnership, IReadOnlyList<string> Roles, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    /// <summary>The key itself: in the answer that issues it, and never again.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }

    /// <summary>Builds the view.</summary>
    public static IssuedApiKeyView Of(IssuedApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new IssuedApiKeyView(key.Name, key.Partnership, key.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), key.IssuedAt, key.IssuedBy,
            key.RevokedAt, key.RevokedBy);
    }
}
