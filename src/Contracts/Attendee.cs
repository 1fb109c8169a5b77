namespace Orchestration.Contracts;

/// <summary>
/// A person at a Rapid Review meeting, for the quorum rule. Seeds 000 §3.4.3 (all three partners), 002 §4.6.1 (two of three).
/// </summary>
/// <param name="Partner">The statutory partner this attendee represents; null for other agencies and advisers.</param>
public sealed record Attendee(
    string Name,
    string Agency,
    StatutoryPartner? Partner = null);
