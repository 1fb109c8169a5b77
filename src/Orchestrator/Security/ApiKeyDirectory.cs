using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Security;

/// <summary>
/// Which API keys are accepted: the configured ones (compared in constant time, every one of them, so neither the
/// key nor which key matched shows in the time taken) and, after them, the unrevoked keys issued through the API
/// (looked up by the key's hash).
/// </summary>
public sealed class ApiKeyDirectory(IOptionsMonitor<ApiKeyAuthenticationOptions> options, ReviewsDbContext database)
{
    private IReadOnlyList<ApiKeyIdentity> Configured => options.Get(ApiKeyAuthenticationHandler.SchemeName).Keys;

    /// <summary>The holder of a presented key, or null when the key is unknown or revoked.</summary>
    public async Task<ApiKeyIdentity?> Find(string presentedKey, CancellationToken cancellationToken)
    {
        var presented = ApiKeyAuthenticationHandler.Hash(presentedKey);
        ApiKeyIdentity? match = null;
        foreach (var key in Configured)
        {
            // Every key is compared, whether or not one matched already.
            if (CryptographicOperations.FixedTimeEquals(presented, key.Hash))
            {
                match = key;
            }
        }

        if (match is not null)
        {
            return match;
        }

        var hash = Convert.ToHexString(presented);
        var issued = await database.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return issued is null
            ? null
            : new ApiKeyIdentity(issued.Name, presented, issued.Partnership,
                issued.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Whether the key of that name is still accepted (a dashboard session ends when its key is revoked).</summary>
    public async Task<bool> IsActive(string name, CancellationToken cancellationToken) =>
        Configured.Any(k => string.Equals(k.Name, name, StringComparison.Ordinal))
        || await database.ApiKeys.AnyAsync(k => k.Name == name && k.RevokedAt == null, cancellationToken).ConfigureAwait(false);
}
