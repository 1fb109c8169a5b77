namespace Orchestration.Contracts;

/// <summary>
/// An agency known to be involved with the child or family, to receive information requests. Seeds 000 App 1, App 4, §3.3.3; 004 App 1.
/// </summary>
/// <param name="Practitioner">The practitioner's name; personal data.</param>
public sealed record AgencyInvolved(
    string Name,
    string? Practitioner,
    string? Email);
