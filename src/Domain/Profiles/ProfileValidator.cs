using Orchestration.Domain.Calendar;
using System.Text.RegularExpressions;

namespace Orchestration.Domain.Profiles;

/// <summary>The checks a profile must pass to load; each failure is one sentence naming what and where.</summary>
internal static partial class ProfileValidator
{
    public static List<string> Check(ProcedureProfile profile, string? expectedName, ProcedureProfile? national)
    {
        var problems = new List<string>();
        CheckIdentity(profile, expectedName, national, problems);
        CheckPartners(profile, problems);
        var bodyKeys = CheckBodies(profile, problems);
        CheckRoutes(profile, bodyKeys, problems);
        CheckQuorum(profile, national, problems);
        CheckTimetable(profile, national, problems);
        CheckRecipients(profile, problems);
        return problems;
    }

    private static void CheckIdentity(ProcedureProfile profile, string? expectedName, ProcedureProfile? national, List<string> problems)
    {
        if (!KebabCase().IsMatch(profile.Name))
        {
            problems.Add($"name '{profile.Name}' must be lower-case letters, digits and hyphens.");
        }

        if (expectedName is not null && !string.Equals(profile.Name, expectedName, StringComparison.Ordinal))
        {
            problems.Add($"name '{profile.Name}' does not match its file name '{expectedName}'.");
        }

        var isNational = string.Equals(profile.Name, ProfileLoader.NationalProfileName, StringComparison.Ordinal);
        if (national is null && !isNational)
        {
            problems.Add($"only '{ProfileLoader.NationalProfileName}' can stand without the national profile.");
        }

        if (national is not null && isNational)
        {
            problems.Add($"a local profile cannot be named '{ProfileLoader.NationalProfileName}'.");
        }

        RequireText(profile.DisplayName, "displayName", problems);
        RequireText(profile.Source, "source", problems);
    }

    private static void CheckPartners(ProcedureProfile profile, List<string> problems)
    {
        foreach (var partner in Enum.GetValues<StatutoryPartner>())
        {
            var count = profile.Partners.Count(p => p.Partner == partner);
            if (count != 1)
            {
                problems.Add($"partners must name the {partner} partner exactly once (found {count}).");
            }
        }

        foreach (var partner in profile.Partners)
        {
            RequireText(partner.Name, $"partners[{partner.Partner}].name", problems);
        }
    }

    private static HashSet<string> CheckBodies(ProcedureProfile profile, List<string> problems)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var body in profile.Bodies)
        {
            if (!keys.Add(body.Key))
            {
                problems.Add($"body key '{body.Key}' is used twice.");
            }

            RequireText(body.Name, $"bodies[{body.Key}].name", problems);
            RequireText(body.Source, $"bodies[{body.Key}].source", problems);
        }

        return keys;
    }

    private static void CheckRoutes(ProcedureProfile profile, HashSet<string> bodyKeys, List<string> problems)
    {
        var seen = new HashSet<ReviewRouteKind>();
        foreach (var route in profile.Routes)
        {
            if (!seen.Add(route.Route))
            {
                problems.Add($"route {route.Route} is defined twice.");
            }

            RequireText(route.Source, $"routes[{route.Route}].source", problems);
            CheckRuleId(route.Rule, $"routes[{route.Route}]", problems);
            foreach (var key in route.DecidedBy.Where(k => !bodyKeys.Contains(k)))
            {
                problems.Add($"routes[{route.Route}] is decided by '{key}', which is not one of the profile's bodies.");
            }

            if (route.Decision is RouteDecision.PartnersDecide or RouteDecision.PartnerVoteSplitPresumesRapidReview or RouteDecision.CaseReviewGroup
                && route.DecidedBy.Count == 0)
            {
                problems.Add($"routes[{route.Route}] has decision {route.Decision} but names no body in decidedBy.");
            }
        }

        var notification = profile.Routes.FirstOrDefault(r => r.Route == ReviewRouteKind.LocalAuthorityNotification);
        if (notification is null)
        {
            problems.Add("routes must include LocalAuthorityNotification (N4).");
        }
        else if (notification.Decision != RouteDecision.AlwaysRapidReview)
        {
            problems.Add($"routes[LocalAuthorityNotification] has decision {notification.Decision}: it loosens N4, under which a local authority notification always leads to a Rapid Review.");
        }
    }

    private static void CheckQuorum(ProcedureProfile profile, ProcedureProfile? national, List<string> problems)
    {
        if (profile.Quorum is not { } quorum)
        {
            if (national is not null)
            {
                problems.Add("quorum is required: a local procedure says when its Rapid Review meeting is quorate.");
            }

            return;
        }

        RequireText(quorum.Source, "quorum.source", problems);
        if (quorum.MinimumPartners is < 1 or > 3)
        {
            problems.Add($"quorum.minimumPartners is {quorum.MinimumPartners}; it must be between 1 and 3.");
        }

        if (quorum.RequiredPartners.Distinct().Count() > quorum.MinimumPartners)
        {
            problems.Add($"quorum requires {quorum.RequiredPartners.Distinct().Count()} named partners but minimumPartners is only {quorum.MinimumPartners}.");
        }

        if (quorum.MinimumRepresentatives < quorum.MinimumPartners)
        {
            problems.Add($"quorum.minimumRepresentatives ({quorum.MinimumRepresentatives}) is fewer than minimumPartners ({quorum.MinimumPartners}).");
        }
    }

    private static void CheckTimetable(ProcedureProfile profile, ProcedureProfile? national, List<string> problems)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var routes = profile.Routes.Select(r => r.Route).ToHashSet();
        foreach (var entry in profile.Timetable)
        {
            var where = $"timetable[{entry.Key}]";
            if (!KebabCase().IsMatch(entry.Key))
            {
                problems.Add($"{where}: the key must be lower-case letters, digits and hyphens.");
            }

            if (!keys.Add(entry.Key))
            {
                problems.Add($"{where}: the key is used twice.");
            }

            RequireText(entry.Name, $"{where}.name", problems);
            RequireText(entry.Source, $"{where}.source", problems);
            CheckShape(entry, where, problems);
            CheckRuleId(entry.Rule, where, problems);
            foreach (var route in (entry.Routes ?? []).Where(r => !routes.Contains(r)))
            {
                problems.Add($"{where} applies to route {route}, which the profile does not define.");
            }

            CheckAgainstNationalRule(entry, where, problems);
        }

        if (national is null)
        {
            foreach (var rule in NationalRules.All.Where(r => r.Timescale is not null && !keys.Contains(r.Timescale.Key)))
            {
                problems.Add($"the national profile lacks '{rule.Timescale!.Key}', the timescale of {rule.Id}.");
            }
        }
        else
        {
            CheckReplacements(profile, national, problems);
        }

        CheckProjections(profile, national, problems);
    }

    private static void CheckShape(TimetableEntry entry, string where, List<string> problems)
    {
        if (entry.WindowStart is { } start)
        {
            if (start >= entry.Offset)
            {
                problems.Add($"{where}: the window starts at {start}, which is not before its end at {entry.Offset}.");
            }
        }
        else if (entry.Offset == 0)
        {
            problems.Add($"{where}: an offset of 0 is not a timescale; use a window or a non-zero offset.");
        }

        if (entry.Projects == entry.Anchor)
        {
            problems.Add($"{where}: it cannot project its own anchor {entry.Anchor}.");
        }

        var isDuty = !entry.Advisory && entry.Bound == DeadlineBound.NoLaterThan;
        if (isDuty && entry.SatisfiedBy is null)
        {
            problems.Add($"{where}: a no-later-than timescale that is not advisory is a duty; name the milestone that meets it in satisfiedBy.");
        }
        else if (!isDuty && entry.SatisfiedBy is not null)
        {
            problems.Add($"{where}: only a duty (not advisory, no later than) is met by a milestone; remove satisfiedBy.");
        }
    }

    private static void CheckAgainstNationalRule(TimetableEntry entry, string where, List<string> problems)
    {
        if (entry.Rule is null || NationalRules.Find(entry.Rule) is not { Timescale: { } floor } rule)
        {
            return;
        }

        if (!floor.AllowedAnchors.Contains(entry.Anchor))
        {
            problems.Add($"{where}: it counts {rule.Id} from {entry.Anchor}, but {rule.Id} is counted from {string.Join(" or ", floor.AllowedAnchors)}.");
        }

        if (entry.Bound != floor.Bound)
        {
            problems.Add($"{where}: it makes {rule.Id} a {entry.Bound} date, but {rule.Id} is {floor.Bound}.");
        }
        else if (entry.Measure == floor.Measure && !floor.IsMetOrTightenedBy(entry.Offset))
        {
            problems.Add($"{where}: it loosens {rule.Id}: {new Calendar.Timescale(entry.Measure, entry.Offset)} {entry.Anchor} is later than the national {new Calendar.Timescale(floor.Measure, floor.Offset)} {floor.AllowedAnchors[0]}.");
        }
    }

    private static void CheckReplacements(ProcedureProfile profile, ProcedureProfile national, List<string> problems)
    {
        var nationalByKey = national.Timetable.ToDictionary(e => e.Key, StringComparer.Ordinal);
        foreach (var entry in profile.Timetable)
        {
            if (!nationalByKey.TryGetValue(entry.Key, out var replaced))
            {
                continue;
            }

            var where = $"timetable[{entry.Key}]";
            if (entry.Measure != replaced.Measure)
            {
                problems.Add($"{where} replaces the national entry in {entry.Measure} where the national one is in {replaced.Measure}; add it under a key of its own so both apply.");
            }

            if (!string.Equals(entry.Rule, replaced.Rule, StringComparison.Ordinal))
            {
                problems.Add($"{where} replaces the national entry for {replaced.Rule ?? "no rule"} but cites {entry.Rule ?? "no rule"}.");
            }
        }
    }

    private static void CheckProjections(ProcedureProfile profile, ProcedureProfile? national, List<string> problems)
    {
        var ownKeys = profile.Timetable.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var effective = (national?.Timetable.Where(e => !ownKeys.Contains(e.Key)) ?? []).Concat(profile.Timetable);
        foreach (var group in effective.Where(e => e.Projects is not null).GroupBy(e => e.Projects!.Value).Where(g => g.Count() > 1))
        {
            problems.Add($"anchor {group.Key} is projected by more than one entry ({string.Join(", ", group.Select(e => e.Key))}).");
        }
    }

    private static void CheckRecipients(ProcedureProfile profile, List<string> problems)
    {
        foreach (var group in profile.Recipients.GroupBy(r => r.Role).Where(g => g.Count() > 1))
        {
            problems.Add($"recipient role {group.Key} is listed {group.Count()} times.");
        }

        foreach (var recipient in profile.Recipients)
        {
            RequireText(recipient.Source, $"recipients[{recipient.Role}].source", problems);
        }
    }

    private static void CheckRuleId(string? rule, string where, List<string> problems)
    {
        if (rule is not null && NationalRules.Find(rule) is null)
        {
            problems.Add($"{where} cites rule '{rule}', which is not one of the national rules N1-N18.");
        }
    }

    private static void RequireText(string? value, string field, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field} is empty.");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
