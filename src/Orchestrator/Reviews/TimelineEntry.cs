using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// One line of a review's timeline: an event applied or rejected, with the state before and after.
/// Append-only; each entry carries the hash of the one before it, so a changed or removed entry shows.
/// Holds no personal data.
/// </summary>
public sealed class TimelineEntry
{
    /// <summary>The hash the first entry chains from.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The review.</summary>
    public Guid ReviewId { get; set; }

    /// <summary>1, 2, 3, ... within the review.</summary>
    public int Sequence { get; set; }

    /// <summary>The event's contract name.</summary>
    public string Event { get; set; } = string.Empty;

    /// <summary>The sender's id for the event, if it gave one.</summary>
    public Guid? EventId { get; set; }

    /// <summary>The event's business date.</summary>
    public DateOnly OccurredOn { get; set; }

    /// <summary>When the orchestrator recorded it.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>applied or rejected.</summary>
    public string Outcome { get; set; } = string.Empty;

    /// <summary>The review's state before.</summary>
    public string StateBefore { get; set; } = string.Empty;

    /// <summary>The review's state after.</summary>
    public string StateAfter { get; set; } = string.Empty;

    /// <summary>What happened, in words (deadlines met, notifications owed, why rejected).</summary>
    public string Detail { get; set; } = string.Empty;

    /// <summary>The hash of the previous entry.</summary>
    public string PreviousHash { get; set; } = GenesisHash;

    /// <summary>SHA-256 of this entry's fields and <see cref="PreviousHash"/>.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary>The outcome of an event that changed the review.</summary>
    public const string Applied = "applied";

    /// <summary>The outcome of an event the review refused.</summary>
    public const string Rejected = "rejected";

    /// <summary>
    /// An instant as the timeline records it: to the whole microsecond, the finest PostgreSQL keeps (the system
    /// clock has 100 ns ticks), so the hash computed when an entry is written is the hash of what is read back.
    /// </summary>
    public static DateTimeOffset RecordingInstant(DateTimeOffset now) => now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMicrosecond));

    /// <summary>Computes the hash over the entry's content and its predecessor's hash.</summary>
    public string ComputeHash()
    {
        var canonical = string.Join(
            '\u001f',
            PreviousHash,
            ReviewId.ToString("N"),
            Sequence.ToString(CultureInfo.InvariantCulture),
            Event,
            EventId?.ToString("N") ?? string.Empty,
            OccurredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            RecordedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            Outcome,
            StateBefore,
            StateAfter,
            Detail);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
