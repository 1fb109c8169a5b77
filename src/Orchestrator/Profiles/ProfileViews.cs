using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;

namespace Orchestration.Orchestrator.Profiles;

/// <summary>One line per loaded profile.</summary>
public sealed record ProfileSummary(string Name, string DisplayName, string Source, IReadOnlyList<ReviewRouteKind> Routes, int Timescales);

/// <summary>A profile as loaded: its bodies, routes, quorum, recipients and effective timetable.</summary>
public sealed record ProfileView(
    string Name,
    string DisplayName,
    string Source,
    IReadOnlyList<PartnerOrganisation> Partners,
    IReadOnlyList<ReviewBody> Bodies,
    IReadOnlyList<RouteRule> Routes,
    IReadOnlyList<RouteExclusion> Exclusions,
    QuorumRule? Quorum,
    IReadOnlyList<TimescaleView> Timetable,
    IReadOnlyList<RecipientEntry> Recipients,
    PublicationRule Publication)
{
    public static ProfileSummary Summarise(ProcedureProfile profile) =>
        new(profile.Name, profile.DisplayName, profile.Source, [.. profile.Routes.Select(r => r.Route)], profile.Timetable.Count);

    public static ProfileView Of(ProcedureProfile profile) => new(
        profile.Name,
        profile.DisplayName,
        profile.Source,
        profile.Partners,
        profile.Bodies,
        profile.Routes,
        profile.Exclusions ?? [],
        profile.Quorum,
        [.. profile.Timetable.Select(e => TimescaleView.Of(profile, e))],
        profile.Recipients,
        profile.Publication);
}

/// <summary>One timescale of a profile, with the rule it cites (<c>N1</c>-<c>N18</c>, or <c>profile:key</c> for a local one).</summary>
/// <param name="Description">The timescale in words, e.g. "15 working days after ReferralReceived".</param>
/// <param name="InheritedFrom">"national" when the profile inherits this entry unchanged; null for its own.</param>
public sealed record TimescaleView(
    string Key,
    string Name,
    string Rule,
    string Source,
    TimetableAnchor Anchor,
    Measure Measure,
    int Offset,
    int? WindowStart,
    DeadlineBound Bound,
    IReadOnlyList<ReviewRouteKind>? Routes,
    bool Advisory,
    string Description,
    string? InheritedFrom)
{
    public static TimescaleView Of(ProcedureProfile profile, TimetableEntry entry) => new(
        entry.Key,
        entry.Name,
        entry.Citation(profile.Name),
        entry.Source,
        entry.Anchor,
        entry.Measure,
        entry.Offset,
        entry.WindowStart,
        entry.Bound,
        entry.Routes,
        entry.Advisory,
        Describe(entry),
        entry.InheritedFrom);

    public static string Describe(TimetableEntry entry)
    {
        var reach = entry.WindowStart switch
        {
            null => entry.Timescale.ToString(),
            { } start when Math.Sign(start) == Math.Sign(entry.Offset) => $"{Math.Abs(start)} to {entry.Timescale}",
            { } start => $"{new Timescale(entry.Measure, start)} to {entry.Timescale}",
        };
        var bound = entry.Bound == DeadlineBound.NotBefore ? "not before " : string.Empty;
        return $"{bound}{reach} {entry.Anchor}";
    }
}
