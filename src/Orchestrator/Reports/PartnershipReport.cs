using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Compliance;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Reports;

/// <summary>
/// What a partnership (or a hub running several) answers for over a period: referrals by route and outcome, Rapid
/// Reviews, CSPRs, timeliness per rule with the late cases, median working days per stage, publications, decisions not
/// to publish, and the action plan. Built from the reviews' statutory record only: ids, routes, dates, rules and
/// verdicts, never the referral's people, the referrer, the lead reviewer or an action's wording.
/// </summary>
/// <param name="Partnerships">The profiles the report covers (one, or a hub's several).</param>
/// <param name="From">The period's first day.</param>
/// <param name="To">The period's last day.</param>
/// <param name="AsOf">The day the verdicts are given on (open duties past due count as missed).</param>
public sealed record PartnershipReport(
    IReadOnlyList<string> Partnerships,
    DateOnly From,
    DateOnly To,
    DateOnly AsOf,
    int Referrals,
    IReadOnlyList<RouteOutcomeCount> ReferralsByRouteAndOutcome,
    int RapidReviews,
    int LocalCsprs,
    int NationalReviews,
    IReadOnlyList<RuleTimeliness> Timeliness,
    IReadOnlyList<StageDuration> Stages,
    IReadOnlyList<PublicationRow> Publications,
    IReadOnlyList<PublicationRow> DecisionsNotToPublish,
    LearningActionTotals LearningActions,
    IReadOnlyList<NotImplementedAction> NotImplemented,
    IReadOnlyList<PartnershipSummary> ByPartnership)
{
    /// <summary>
    /// The report over <paramref name="reviews"/> (those of the partnerships named; others are ignored) for the period.
    /// Referrals count by the day received, Rapid Reviews by the day the decision reached the Panel, CSPRs and national
    /// reviews by the day of the decision, timeliness by the due date, stages by the day they ended, publications and
    /// decisions not to publish by their day. Learning actions stand as on <paramref name="asOf"/>.
    /// </summary>
    public static PartnershipReport Build(
        IEnumerable<ReviewState> reviews, IReadOnlyList<string> partnerships, DateOnly from, DateOnly to, DateOnly asOf,
        ProfileCatalogue profiles, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        ArgumentNullException.ThrowIfNull(partnerships);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(calendar);
        var scope = reviews.Where(r => partnerships.Contains(r.Partnership, StringComparer.Ordinal)).OrderBy(r => r.ReceivedOn).ThenBy(r => r.CorrelationId).ToList();
        bool In(DateOnly? date) => date is { } d && d >= from && d <= to;

        var received = scope.Where(r => In(r.ReceivedOn)).ToList();
        var byRoute = received
            .GroupBy(r => (r.Route, Outcome: OutcomeOf(r)))
            .Select(g => new RouteOutcomeCount(g.Key.Route, g.Key.Outcome, g.Count()))
            .OrderBy(c => c.Route).ThenBy(c => c.Outcome, StringComparer.Ordinal)
            .ToList();

        var checks = scope
            .SelectMany(r => profiles.Find(r.Partnership) is { } profile
                ? ComplianceChecklist.For(r, profile, calendar, asOf).Select(i => (Review: r, Item: i))
                : [])
            .Where(c => In(c.Item.DueOn) && c.Item.Status is ComplianceStatus.Met or ComplianceStatus.Missed)
            .ToList();
        var timeliness = checks
            .GroupBy(c => c.Item.Rule, StringComparer.Ordinal)
            .Select(g => new RuleTimeliness(
                g.Key,
                g.Count(c => c.Item.Status == ComplianceStatus.Met),
                g.Count(c => c.Item.Status == ComplianceStatus.Missed),
                Percent(g.Count(c => c.Item.Status == ComplianceStatus.Met), g.Count()),
                [.. g.Where(c => c.Item.Status == ComplianceStatus.Missed)
                    .OrderBy(c => c.Item.DueOn).ThenBy(c => c.Review.CorrelationId)
                    .Select(c => new LateCase(c.Review.CorrelationId, c.Review.Partnership, c.Item.Check, c.Item.DueOn!.Value, c.Item.ActualOn,
                        c.Item.ActualOn is { } actual ? calendar.WorkingDaysBetween(c.Item.DueOn!.Value, actual) : null))]))
            .OrderBy(t => RuleOrder(t.Rule)).ThenBy(t => t.Rule, StringComparer.Ordinal)
            .ToList();

        var stages = new List<StageDuration>
        {
            Stage("Referral received to route decided", scope, r => r.ReceivedOn, r => r.RouteDecidedOn, In, calendar),
            Stage("Referral received to Rapid Review meeting", scope, r => r.ReceivedOn, r => r.MeetingOn, In, calendar),
            Stage("Referral received to decision with the Panel (N5)", scope, r => r.ReceivedOn, r => r.SubmittedOn, In, calendar),
            Stage("Decision to initiate a local CSPR to publication (N7)", scope.Where(r => r.Outcome == RapidReviewOutcome.LocalReview), r => r.DecisionOn, r => r.PublishedOn, In, calendar),
        };

        var publications = scope.Where(r => In(r.PublishedOn))
            .Select(r => new PublicationRow(r.CorrelationId, r.Partnership, r.PublishedOn!.Value, r.DecisionOn is { } d ? r.PublishedOn <= d.AddMonths(6) : null, r.LearningOnly))
            .OrderBy(p => p.On).ToList();
        var notPublished = scope.Where(r => In(r.NotPublishedOn))
            .Select(r => new PublicationRow(r.CorrelationId, r.Partnership, r.NotPublishedOn!.Value, null, r.LearningOnly))
            .OrderBy(p => p.On).ToList();

        var actions = scope.SelectMany(r => r.LearningActions.Where(a => a.AgreedOn <= to).Select(a => (Review: r, Action: a))).ToList();
        var outstanding = actions.Where(a => a.Action.CompletedOn is null || a.Action.CompletedOn > asOf).ToList();
        var learning = new LearningActionTotals(
            outstanding.Count(a => a.Action.DueOn >= asOf),
            outstanding.Count(a => a.Action.DueOn < asOf),
            outstanding.Count(a => a.Action.Status is LearningActionStatus.EscalatedToHeadOfService or LearningActionStatus.EscalatedToChiefOfficer),
            actions.Count(a => In(a.Action.CompletedOn)),
            actions.Count(a => In(a.Action.CompletedOn) && a.Action.CompletedOn > a.Action.DueOn));
        var notImplemented = outstanding.Where(a => a.Review.ClosedOn is not null)
            .Select(a => new NotImplementedAction(a.Review.CorrelationId, a.Review.Partnership, a.Action.ActionId, a.Action.Status, a.Review.ClosedOn!.Value, a.Review.ClosureReason ?? "no reason recorded"))
            .OrderBy(n => n.ClosedOn).ToList();

        var byPartnership = partnerships.Order(StringComparer.Ordinal).Select(p => new PartnershipSummary(
            p,
            received.Count(r => r.Partnership == p),
            scope.Count(r => r.Partnership == p && In(r.SubmittedOn)),
            scope.Count(r => r.Partnership == p && r.Outcome == RapidReviewOutcome.LocalReview && In(r.DecisionOn)),
            publications.Count(x => x.Partnership == p),
            checks.Count(c => c.Review.Partnership == p && c.Item.Status == ComplianceStatus.Met),
            checks.Count(c => c.Review.Partnership == p && c.Item.Status == ComplianceStatus.Missed),
            Percent(checks.Count(c => c.Review.Partnership == p && c.Item.Status == ComplianceStatus.Met), checks.Count(c => c.Review.Partnership == p)))).ToList();

        return new PartnershipReport(
            [.. partnerships.Order(StringComparer.Ordinal)], from, to, asOf,
            received.Count, byRoute,
            scope.Count(r => In(r.SubmittedOn)),
            scope.Count(r => r.Outcome == RapidReviewOutcome.LocalReview && In(r.DecisionOn)),
            scope.Count(r => r.Outcome == RapidReviewOutcome.NationalReview && In(r.DecisionOn)),
            timeliness, stages, publications, notPublished, learning, notImplemented, byPartnership);
    }

    /// <summary>The outcome a referral came to: the Rapid Review's outcome, else where the review stands.</summary>
    public static string OutcomeOf(ReviewState review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return review.Outcome?.ToString() ?? review.CurrentState switch
        {
            "AwaitingDecision" => "Awaiting decision",
            "RapidReview" => "Rapid Review in progress",
            "ReferredElsewhere" => "Referred elsewhere",
            "LearningRoute" => "Learning and development route",
            "Closed" => review.RouteDecidedOn is null ? "Closed without a Rapid Review" : "Closed",
            var other => other,
        };
    }

    /// <summary>The median of whole numbers (the mean of the middle two for an even count); null for none.</summary>
    public static decimal? Median(IReadOnlyList<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2m;
    }

    private static StageDuration Stage(
        string name, IEnumerable<ReviewState> reviews, Func<ReviewState, DateOnly?> start, Func<ReviewState, DateOnly?> end, Func<DateOnly?, bool> inPeriod, WorkingDayCalendar calendar)
    {
        var days = reviews.Where(r => start(r) is not null && inPeriod(end(r)))
            .Select(r => calendar.WorkingDaysBetween(start(r)!.Value, end(r)!.Value))
            .ToList();
        return new StageDuration(name, days.Count, Median(days));
    }

    private static decimal? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100m * part / whole, 1);

    private static int RuleOrder(string rule) =>
        rule.Length > 1 && rule[0] == 'N' && int.TryParse(rule.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1000;
}

/// <summary>Referrals received by one route that came to one outcome.</summary>
public sealed record RouteOutcomeCount(ReviewRoute Route, string Outcome, int Count);

/// <summary>One rule's timeliness in the period: duties due in it, met and missed, the share met, and the late cases.</summary>
public sealed record RuleTimeliness(string Rule, int Met, int Missed, decimal? PercentMet, IReadOnlyList<LateCase> LateCases);

/// <summary>A duty missed: the review (by id), what, when due, when done (if it was) and how many working days late.</summary>
public sealed record LateCase(Guid ReviewId, string Partnership, string Check, DateOnly DueOn, DateOnly? ActualOn, int? WorkingDaysLate);

/// <summary>How long a stage took: the cases that finished it in the period and their median in working days.</summary>
public sealed record StageDuration(string Stage, int Cases, decimal? MedianWorkingDays);

/// <summary>A publication (or a decision not to publish): the review, its day, and for a publication whether it was within N7's six months.</summary>
public sealed record PublicationRow(Guid ReviewId, string Partnership, DateOnly On, bool? WithinSixMonths, bool LearningOnly);

/// <summary>The action plans as they stand: open (not yet due), overdue, escalated (of the overdue), completed in the period and of those late.</summary>
public sealed record LearningActionTotals(int Open, int Overdue, int Escalated, int CompletedInPeriod, int CompletedLateInPeriod);

/// <summary>An action left undone when its review closed, with the reason recorded at closure (003 §18).</summary>
public sealed record NotImplementedAction(Guid ReviewId, string Partnership, string ActionId, LearningActionStatus Status, DateOnly ClosedOn, string Reason);

/// <summary>One partnership's line in a hub's report.</summary>
public sealed record PartnershipSummary(string Partnership, int Referrals, int RapidReviews, int LocalCsprs, int Publications, int DutiesMet, int DutiesMissed, decimal? PercentMet);
