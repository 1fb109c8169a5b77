namespace Orchestration.Contracts;

/// <summary>
/// A child the referral concerns. N1, N15 (surviving children); seeds 000 App 1, 004 App 1. Personal data.
/// </summary>
/// <param name="DateOfBirth">Null when not known (for example an unborn child).</param>
public sealed record ChildDetails(
    string FullName,
    DateOnly? DateOfBirth,
    string? Gender,
    string? Ethnicity,
    string? Address);
