namespace Orchestration.Contracts;

/// <summary>
/// A family member named in the referral, for family engagement (N15). Seeds 000 App 1, 004 App 1. Personal data.
/// </summary>
/// <param name="Relationship">Relationship to the child, as the referrer words it.</param>
public sealed record FamilyMember(
    string FullName,
    string Relationship,
    DateOnly? DateOfBirth);
