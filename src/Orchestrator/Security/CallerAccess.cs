using System.Security.Claims;

namespace Orchestration.Orchestrator.Security;

/// <summary>What an authenticated caller may see: its partnerships, and how it is named in the access log.</summary>
public static class CallerAccess
{
    /// <summary>The claim naming one partnership the caller acts for.</summary>
    public const string PartnershipClaim = "cspr:partnership";

    /// <summary>The partnership claim's value for every partnership.</summary>
    public const string EveryPartnership = "*";

    /// <summary>Whether the caller acts for every partnership.</summary>
    public static bool SeesEveryPartnership(this ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.HasClaim(PartnershipClaim, EveryPartnership);
    }

    /// <summary>The partnerships the caller acts for, or null when it acts for all of them.</summary>
    public static IReadOnlyCollection<string>? Partnerships(this ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.SeesEveryPartnership()
            ? null
            : [.. caller.FindAll(PartnershipClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether the caller may see and change the partnership's reviews.</summary>
    public static bool MaySee(this ClaimsPrincipal caller, string partnership)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.SeesEveryPartnership() || caller.HasClaim(PartnershipClaim, partnership);
    }

    /// <summary>How the access log names the caller: the key's name, or the person's subject.</summary>
    public static string Name(this ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Identity?.Name ?? caller.FindFirst("sub")?.Value ?? "(unnamed)";
    }
}
