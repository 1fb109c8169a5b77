using System.Text.Json.Serialization;
using Orchestration.Domain.Calendar;

namespace Orchestration.Domain.Profiles;

/// <summary>
/// One partnership's procedure for Rapid Reviews and CSPRs, as data (docs/profiles.md). Once loaded,
/// <see cref="Timetable"/> holds the effective timetable: the national entries the profile did not
/// replace, then its own.
/// </summary>
public sealed record ProcedureProfile(
    string Name,
    string DisplayName,
    string Source,
    IReadOnlyList<PartnerOrganisation> Partners,
    IReadOnlyList<ReviewBody> Bodies,
    IReadOnlyList<RouteRule> Routes,
    IReadOnlyList<TimetableEntry> Timetable,
    IReadOnlyList<RecipientEntry> Recipients,
    PublicationRule Publication,
    IReadOnlyList<RouteExclusion>? Exclusions = null,
    QuorumRule? Quorum = null,
    IReadOnlyDictionary<string, string>? Glossary = null);

/// <summary>A statutory partner's organisation in this area.</summary>
/// <param name="Aliases">Names the source procedure uses for it (e.g. the CCG that preceded the ICB).</param>
public sealed record PartnerOrganisation(StatutoryPartner Partner, string Name, IReadOnlyList<string>? Aliases = null);

/// <summary>A body the procedure names: who sits on it and what it does.</summary>
public sealed record ReviewBody(string Key, string Name, BodyFunction Function, IReadOnlyList<string> Members, string Source);

/// <summary>How cases on one route reach (or do not reach) a Rapid Review.</summary>
/// <param name="DecidedBy">Body keys, in the order they act.</param>
public sealed record RouteRule(ReviewRouteKind Route, RouteDecision Decision, IReadOnlyList<string> DecidedBy, string Source, string? Rule = null);

/// <summary>Cases the procedure sends elsewhere, never to a Rapid Review.</summary>
public sealed record RouteExclusion(string Key, string Description, string RedirectTo, string Source);

/// <summary>When a Rapid Review meeting is quorate.</summary>
/// <param name="RequiredPartners">Partners that must each be represented.</param>
/// <param name="MinimumPartners">Distinct statutory partners present, at least.</param>
/// <param name="MinimumRepresentatives">Attendees from any partner agency, at least.</param>
public sealed record QuorumRule(IReadOnlyList<StatutoryPartner> RequiredPartners, int MinimumPartners, int MinimumRepresentatives, string Source)
{
    /// <summary>Whether a meeting with these attendees (one entry per representative, by statutory partner or null for another agency) is quorate.</summary>
    public bool IsMetBy(IEnumerable<StatutoryPartner?> attendees)
    {
        ArgumentNullException.ThrowIfNull(attendees);
        var present = attendees.ToList();
        var partners = present.OfType<StatutoryPartner>().ToHashSet();
        return RequiredPartners.All(partners.Contains)
            && partners.Count >= MinimumPartners
            && present.Count >= MinimumRepresentatives;
    }
}

/// <summary>Who receives which notifications.</summary>
public sealed record RecipientEntry(RecipientRole Role, IReadOnlyList<NotificationKind> Receives, string Source);

/// <summary>Publication rules beyond the timetable.</summary>
/// <param name="HoldUntilProsecutionConcludes">No publication before a prosecution completes (N17, Northamptonshire).</param>
public sealed record PublicationRule(bool HoldUntilProsecutionConcludes, IReadOnlyList<string> Notes, string Source);

/// <summary>One timescale of a procedure (docs/profiles.md "Timetable entries").</summary>
public sealed record TimetableEntry(
    string Key,
    string Name,
    TimetableAnchor Anchor,
    Measure Measure,
    int Offset,
    string Source,
    int? WindowStart = null,
    DeadlineBound Bound = DeadlineBound.NoLaterThan,
    string? Rule = null,
    IReadOnlyList<ReviewRouteKind>? Routes = null,
    TimetableAnchor? Projects = null,
    bool Advisory = false,
    Milestone? SatisfiedBy = null)
{
    /// <summary>The profile this entry came from when it was inherited (e.g. "national"); null for the profile's own.</summary>
    [JsonIgnore]
    public string? InheritedFrom { get; init; }

    /// <summary>The timescale to the due date (or the window's end).</summary>
    [JsonIgnore]
    public Timescale Timescale => new(Measure, Offset);

    /// <summary>The rule id when there is one, else <c>profile:key</c>, as deadlines cite it.</summary>
    public string Citation(string profileName) => Rule ?? $"{profileName}:{Key}";

    /// <summary>Whether the entry applies to cases on <paramref name="route"/>.</summary>
    public bool AppliesTo(ReviewRouteKind route) => Routes is null || Routes.Count == 0 || Routes.Contains(route);

    /// <summary>The dates this entry gives for an anchor date: the window's opening (if a window) and the due date.</summary>
    public ComputedTimescale ComputeFrom(DateOnly anchorOn, WorkingDayCalendar calendar)
    {
        var due = Timescale.From(anchorOn, calendar);
        DateOnly? opens = WindowStart is { } start ? new Timescale(Measure, start).From(anchorOn, calendar) : null;
        return new ComputedTimescale(opens, due);
    }
}

/// <summary>What a timetable entry gives for one anchor date.</summary>
/// <param name="OpensOn">For a window, its first day; otherwise null.</param>
/// <param name="DueOn">The deadline (or, for <see cref="DeadlineBound.NotBefore"/>, the earliest date).</param>
public readonly record struct ComputedTimescale(DateOnly? OpensOn, DateOnly DueOn)
{
    /// <summary>For a window, whether a date falls outside it (accepted but flagged).</summary>
    public bool IsOutsideWindow(DateOnly date) => OpensOn is { } opens && (date < opens || date > DueOn);
}
