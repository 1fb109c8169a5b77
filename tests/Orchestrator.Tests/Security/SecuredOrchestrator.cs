using System.Security.Cryptography;
using System.Text;

namespace Orchestration.Orchestrator.Tests.Security;

/// <summary>
/// An orchestrator with API keys of several callers besides the development key: each key is named after what it
/// may do, and acts for one partnership unless its name says "hub".
/// </summary>
public static class SecuredOrchestrator
{
    public const string WarringtonSubmitter = "warrington-submitter-key-0001";
    public const string WarringtonReader = "warrington-reader-key-0002";
    public const string WarringtonPartner = "warrington-partner-key-0003";
    public const string GloucestershireReader = "gloucestershire-reader-key-0004";
    public const string HubOperator = "hub-operator-key-0005";
    public const string RevokedWarringtonReader = "revoked-warrington-reader-key-0006";

    /// <summary>SHA-256 of a key as configured.</summary>
    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The keys' configuration.</summary>
    public static Dictionary<string, string?> Keys() => new()
    {
        ["Auth:ApiKeys:warrington-submitter:Hash"] = HashOf(WarringtonSubmitter),
        ["Auth:ApiKeys:warrington-submitter:Partnership"] = "warrington",
        ["Auth:ApiKeys:warrington-submitter:Roles"] = "Submitter",
        ["Auth:ApiKeys:warrington-reader:Hash"] = HashOf(WarringtonReader),
        ["Auth:ApiKeys:warrington-reader:Partnership"] = "warrington",
        ["Auth:ApiKeys:warrington-reader:Roles"] = "Reader",
        ["Auth:ApiKeys:warrington-partner:Hash"] = HashOf(WarringtonPartner),
        ["Auth:ApiKeys:warrington-partner:Partnership"] = "warrington",
        ["Auth:ApiKeys:warrington-partner:Roles"] = "Partner, Reader",
        ["Auth:ApiKeys:gloucestershire-reader:Hash"] = HashOf(GloucestershireReader),
        ["Auth:ApiKeys:gloucestershire-reader:Partnership"] = "gloucestershire",
        ["Auth:ApiKeys:gloucestershire-reader:Roles"] = "Reader",
        ["Auth:ApiKeys:hub-operator:Hash"] = HashOf(HubOperator),
        ["Auth:ApiKeys:hub-operator:Partnership"] = "*",
        ["Auth:ApiKeys:hub-operator:Roles"] = "Operator",
        ["Auth:ApiKeys:revoked:Hash"] = HashOf(RevokedWarringtonReader),
        ["Auth:ApiKeys:revoked:Partnership"] = "warrington",
        ["Auth:ApiKeys:revoked:Roles"] = "Reader",
        ["Auth:ApiKeys:revoked:Revoked"] = "true",
    };

    /// <summary>A factory with <see cref="Keys"/> and, optionally, more settings.</summary>
    public static OrchestratorFactory Create(IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = Keys();
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return OrchestratorFactory.With(settings);
    }

    /// <summary>A client sending <paramref name="key"/> (or none) instead of the development key.</summary>
    public static HttpClient ClientWith(this OrchestratorFactory factory, string? key)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Remove(OrchestratorFactory.ApiKeyHeader);
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(OrchestratorFactory.ApiKeyHeader, key);
        }

        return client;
    }
}
