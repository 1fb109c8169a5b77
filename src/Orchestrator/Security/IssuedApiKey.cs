namespace Orchestration.Orchestrator.Security;

/// <summary>
/// An API key issued by an administrator through the API (table <c>api_keys</c>): only its SHA-256 is kept, with the
/// partnership and roles it was issued for, who issued it and, once revoked, who revoked it and when. A revoked key
/// stays in the table as the record of who held it.
/// </summary>
public sealed class IssuedApiKey
{
    /// <summary>The key's name: how the access log and the logs name its holder.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The key's SHA-256 as 64 upper-case hexadecimal digits.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary>The partnership it acts for, or <c>*</c> for every partnership.</summary>
    public string Partnership { get; set; } = string.Empty;

    /// <summary>Its roles, comma-separated.</summary>
    public string Roles { get; set; } = string.Empty;

    /// <summary>When it was issued.</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>Who issued it.</summary>
    public string IssuedBy { get; set; } = string.Empty;

    /// <summary>When it was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Who revoked it, if anyone did.</summary>
    public string? RevokedBy { get; set; }
}
