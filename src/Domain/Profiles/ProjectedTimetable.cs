using Orchestration.Domain.Calendar;

namespace Orchestration.Domain.Profiles;

/// <summary>One row of a profile's timetable drawn for a case: when it falls due and how that was derived.</summary>
/// <param name="AnchorOn">The anchor's date, or null when the anchor is neither given nor projected.</param>
/// <param name="AnchorAssumed">True when the anchor's date is projected from an earlier step's due date, not given.</param>
/// <param name="Governs">False when another row for the same rule, anchor and bound gives a stricter date for this case.</param>
public sealed record ProjectedRow(TimetableEntry Entry, string Citation, DateOnly? AnchorOn, bool AnchorAssumed, DateOnly? OpensOn, DateOnly? DueOn, bool Governs);

/// <summary>
/// Draws a profile's full timetable for a case from the anchor dates that are known. A missing anchor is
/// projected from the entry that <c>projects</c> it, on the assumption that step happens on its due date;
/// anchors that nothing projects (a learning action's due date, say) leave their rows undated.
/// </summary>
public static class ProjectedTimetable
{
    public static IReadOnlyList<ProjectedRow> Draw(
        ProcedureProfile profile,
        WorkingDayCalendar calendar,
        IReadOnlyDictionary<TimetableAnchor, DateOnly> knownAnchors,
        ReviewRouteKind? route = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(knownAnchors);

        var entries = profile.Timetable.Where(e => route is null || e.AppliesTo(route.Value)).ToList();
        var anchors = new Dictionary<TimetableAnchor, DateOnly>(knownAnchors);
        var assumed = new HashSet<TimetableAnchor>();

        // Each pass can date an anchor that a later pass needs; there are fewer anchors than passes.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var entry in entries)
            {
                if (entry.Projects is { } projected && !anchors.ContainsKey(projected) && anchors.TryGetValue(entry.Anchor, out var from))
                {
                    anchors[projected] = entry.ComputeFrom(from, calendar).DueOn;
                    assumed.Add(projected);
                    changed = true;
                }
            }
        }

        var rows = entries.Select(entry =>
        {
            if (!anchors.TryGetValue(entry.Anchor, out var anchorOn))
            {
                return new ProjectedRow(entry, entry.Citation(profile.Name), null, false, null, null, true);
            }

            var computed = entry.ComputeFrom(anchorOn, calendar);
            return new ProjectedRow(entry, entry.Citation(profile.Name), anchorOn, assumed.Contains(entry.Anchor), computed.OpensOn, computed.DueOn, true);
        }).ToList();

        return [.. MarkGoverning(rows).OrderBy(r => r.DueOn ?? DateOnly.MaxValue).ThenBy(r => r.Entry.Key, StringComparer.Ordinal)];
    }

    // Where a local and a national entry govern the same step in different measures, both apply and the stricter wins.
    private static IEnumerable<ProjectedRow> MarkGoverning(List<ProjectedRow> rows)
    {
        foreach (var row in rows)
        {
            if (row.Entry.Rule is null || row.DueOn is not { } due)
            {
                yield return row;
                continue;
            }

            // An advisory row (a summary's looser wording, an aim) never supersedes a firm one.
            var rivals = rows.Where(r => r != row && r.DueOn is not null && !r.Entry.Advisory && r.Entry.Rule == row.Entry.Rule
                && r.Entry.Anchor == row.Entry.Anchor && r.Entry.Bound == row.Entry.Bound);
            var beaten = rivals.Any(r => Timescale.Stricter(row.Entry.Bound, r.DueOn!.Value, due) != due);
            yield return row with { Governs = !beaten };
        }
    }
}
