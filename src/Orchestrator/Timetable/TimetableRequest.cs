using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Hosting;

namespace Orchestration.Orchestrator.Timetable;

/// <summary>The known dates of a case from which a profile's full timetable is drawn; anything else is projected.</summary>
public sealed record TimetableRequest(
    string Profile,
    string? Referral,
    string? Aware = null,
    string? Acknowledged = null,
    string? Endorsed = null,
    string? Publication = null,
    string? Route = null)
{
    /// <summary>Checks the request and draws the timetable, or lists what is wrong with it.</summary>
    public TimetableAnswer Draw(ProfileCatalogue profiles, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var errors = new Dictionary<string, string[]>();
        var profile = profiles.Find(Profile);
        if (profile is null)
        {
            errors["profile"] = [$"There is no profile '{Profile}'. Loaded: {string.Join(", ", profiles.All.Select(p => p.Name))}."];
        }

        var anchors = new Dictionary<TimetableAnchor, DateOnly>();
        Add(anchors, TimetableAnchor.ReferralReceived, QueryDate.Parse(Referral, "referral", errors, required: true));
        Add(anchors, TimetableAnchor.BecameAware, QueryDate.Parse(Aware, "aware", errors, required: false));
        Add(anchors, TimetableAnchor.PanelAcknowledged, QueryDate.Parse(Acknowledged, "acknowledged", errors, required: false));
        Add(anchors, TimetableAnchor.CsprInitiated, QueryDate.Parse(Endorsed, "endorsed", errors, required: false));
        Add(anchors, TimetableAnchor.Publication, QueryDate.Parse(Publication, "publication", errors, required: false));

        ReviewRouteKind? route = null;
        if (!string.IsNullOrWhiteSpace(Route))
        {
            if (!char.IsAsciiDigit(Route[0]) && Enum.TryParse<ReviewRouteKind>(Route, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed))
            {
                route = parsed;
            }
            else
            {
                errors["route"] = [$"'route' must be one of {string.Join(", ", Enum.GetNames<ReviewRouteKind>())}."];
            }
        }

        if (errors.Count > 0 || profile is null)
        {
            return new TimetableAnswer(null, [], errors);
        }

        // Without a date of becoming aware, the referral is assumed to have come the day the referrer became aware.
        var assumedAware = anchors.TryAdd(TimetableAnchor.BecameAware, anchors[TimetableAnchor.ReferralReceived]);
        var rows = ProjectedTimetable.Draw(profile, calendar, anchors, route);
        if (assumedAware)
        {
            rows = [.. rows.Select(r => r.Entry.Anchor == TimetableAnchor.BecameAware ? r with { AnchorAssumed = true } : r)];
        }

        return new TimetableAnswer(profile, rows, errors);
    }

    private static void Add(Dictionary<TimetableAnchor, DateOnly> anchors, TimetableAnchor anchor, DateOnly? date)
    {
        if (date is { } known)
        {
            anchors[anchor] = known;
        }
    }
}

/// <summary>A drawn timetable, or the reasons it could not be drawn.</summary>
public sealed record TimetableAnswer(ProcedureProfile? Profile, IReadOnlyList<ProjectedRow> Rows, IReadOnlyDictionary<string, string[]> Errors);
