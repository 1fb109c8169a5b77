namespace Orchestration.Contracts;

/// <summary>
/// The three statutory safeguarding partners. Seeds 000 §3.4.3, 002 §4.6.1.
/// </summary>
public enum StatutoryPartner
{
    LocalAuthority,

    Police,

    /// <summary>The integrated care board (formerly the clinical commissioning group).</summary>
    Icb,
}
