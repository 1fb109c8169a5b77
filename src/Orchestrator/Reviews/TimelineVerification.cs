namespace Orchestration.Orchestrator.Reviews;

/// <summary>The result of recomputing a review's timeline chain.</summary>
/// <param name="Verified">Every entry is in sequence, hashes to its stored hash and chains from the one before, and the last is the review's head.</param>
/// <param name="FirstBrokenSequence">The first entry that fails, or null.</param>
/// <param name="Problem">What is wrong with it, or null.</param>
public sealed record TimelineVerification(Guid ReviewId, int Entries, bool Verified, int? FirstBrokenSequence, string? Problem)
{
    /// <summary>Checks <paramref name="entries"/> (in sequence order) against the review's recorded length and head.</summary>
    public static TimelineVerification Check(Guid reviewId, IReadOnlyList<TimelineEntry> entries, int recordedLength, string recordedHead)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var previous = TimelineEntry.GenesisHash;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var expected = i + 1;
            string? problem = null;
            if (entry.Sequence != expected)
            {
                problem = $"entry {expected} is missing (found {entry.Sequence} in its place)";
            }
            else if (entry.PreviousHash != previous)
            {
                problem = "it does not chain from the entry before it";
            }
            else if (entry.ComputeHash() != entry.Hash)
            {
                problem = "its content does not match its hash: it was changed after it was written";
            }

            if (problem is not null)
            {
                return new TimelineVerification(reviewId, entries.Count, false, expected, problem);
            }

            previous = entry.Hash;
        }

        if (entries.Count != recordedLength || previous != recordedHead)
        {
            return new TimelineVerification(reviewId, entries.Count, false, Math.Min(entries.Count, recordedLength) + 1,
                $"the review records {recordedLength} entries ending in another hash: entries were removed from the end");
        }

        return new TimelineVerification(reviewId, entries.Count, true, null, null);
    }
}
