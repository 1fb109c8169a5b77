namespace Orchestration.Orchestrator.Tests.Security.HostileInput;

/// <summary>What the service must do with a hostile request.</summary>
public enum Expected
{
    /// <summary>Refuse it (4xx problem+json) and change nothing at all.</summary>
    Refused,

    /// <summary>Refuse it with 409 and record only the refusal on the review's timeline, as documented; nothing else changes.</summary>
    RefusedAndRecorded,

    /// <summary>A replay: the documented answer (200, marked a duplicate) or a refusal, and nothing changes.</summary>
    Replayed,

    /// <summary>
    /// Refused by Kestrel itself before the pipeline runs (a request target holding a NUL): 400 with no body, since no
    /// part of the application sees the request; nothing changes.
    /// </summary>
    RefusedByServer,
}

/// <summary>One hostile request: its category, a name that says what it tries, how to make it, what must happen.</summary>
/// <param name="Status">The status it must answer, or null for any 4xx.</param>
public sealed record HostileCase(string Category, string Name, Func<HostileService, HttpRequestMessage> Make, Expected Expected = Expected.Refused, int? Status = null)
{
    public override string ToString() => $"{Category}: {Name}";
}
