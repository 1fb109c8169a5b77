namespace Orchestration.Contracts;

/// <summary>
/// The referrer's safeguarding lead or senior manager who signs the referral off. Seeds 000 App 1; 004 App 1 (sign-off by a Senior Manager for Safeguarding). Personal data.
/// </summary>
public sealed record SafeguardingLead(
    string Name,
    string Email);
