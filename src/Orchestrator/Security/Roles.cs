namespace Orchestration.Orchestrator.Security;

/// <summary>
/// The roles a caller holds (API key <c>Roles</c>, or a bearer token's role claims). Each separates one kind of
/// work: recording what happened is not deciding, deciding is not reading, and none of them is operating or
/// administering the service.
/// </summary>
public static class Roles
{
    /// <summary>Upstream case systems and business units: referrals, events and report documents.</summary>
    public const string Submitter = "Submitter";

    /// <summary>Statutory partners: their decisions, endorsements and sign-offs (<see cref="SecurityPolicies.PartnerEvents"/>).</summary>
    public const string Partner = "Partner";

    /// <summary>Independent scrutiny and agencies: reviews, timelines, deadlines, compliance, reports, the dashboard.</summary>
    public const string Reader = "Reader";

    /// <summary>Operations staff: retrying deliveries, the dashboard, moving the virtual clock.</summary>
    public const string Operator = "Operator";

    /// <summary>Administrators: calendar changes, the virtual clock, the access log.</summary>
    public const string Administrator = "Administrator";

    /// <summary>Every role, as the development key holds them.</summary>
    public static readonly IReadOnlyList<string> All = [Submitter, Partner, Reader, Operator, Administrator];

    /// <summary>The role a configured or requested name stands for (letter case and surrounding spaces aside), or null.</summary>
    public static string? Named(string? name) =>
        All.FirstOrDefault(known => string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
