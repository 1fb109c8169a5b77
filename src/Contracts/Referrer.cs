namespace Orchestration.Contracts;

/// <summary>
/// The person who made the referral. Seeds 000 App 1, §3.1.4; 004 App 1. Personal data.
/// </summary>
/// <param name="SafeguardingLead">Required by profiles that demand sign-off (seeds 004); validation is the profile's, not the contract's.</param>
public sealed record Referrer(
    string Name,
    string Agency,
    string JobTitle,
    string Email,
    string? Phone,
    SafeguardingLead? SafeguardingLead);
