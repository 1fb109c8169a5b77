using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Compliance;

/// <summary>Where one check of a review's statutory checklist stands.</summary>
public enum ComplianceStatus
{
    /// <summary>Done on time.</summary>
    Met,

    /// <summary>Done late, or not done and the due date has passed (or, with no due date, it could not be done: a notification dead-lettered).</summary>
    Missed,

    /// <summary>Owed, not yet due (or owed with no due date and not yet done).</summary>
    Pending,

    /// <summary>The review's route or outcome does not owe it.</summary>
    NotApplicable,
}

/// <summary>One check: the rule it comes from, what is checked, the due date, the actual date and the verdict.</summary>
/// <param name="Rule">N1-N18, or <c>profile:key</c> for a local timescale.</param>
/// <param name="Check">What must happen, in words.</param>
/// <param name="DueOn">The last compliant day (for N12, the end of the availability year); null when the rule sets none.</param>
/// <param name="ActualOn">When it happened; null if it has not.</param>
/// <param name="Status">met, missed, pending or not applicable.</param>
/// <param name="Note">Why, when the verdict needs a reason (not applicable, late by how much, escalated).</param>
public sealed record ComplianceItem(string Rule, string Check, DateOnly? DueOn, DateOnly? ActualOn, ComplianceStatus Status, string? Note = null);

/// <summary>
/// A review's statutory checklist, computed from its own record alone (the review, its deadlines, its profile and the
/// calendar): a pure function, so the review's API view, the reports and the dashboard all read the same verdicts.
/// Items: N2 (notification within 5 WD of becoming aware), N5 (Rapid Review decision to the Panel within 15 WD) with
/// the profile's advisory checks of the Rapid Review meeting (Darlington's App 5 timescales: within 15 WD of the
/// acknowledgement, aiming for 7-10 WD, and "within fifteen days"), N9 (lead reviewer named to the Panel, Ofsted and
/// the DfE), N7 (published within six months), N8 (delay reported), N10 (regulators' copies in time; Northamptonshire's
/// 14 days too), N11 (justification when not published), N13 (NSPCC), N12 (a year's availability) and N18 (each
/// learning action completed on time, and escalated on time where the profile escalates).
/// </summary>
public static class ComplianceChecklist
{
    /// <summary>The checklist of <paramref name="review"/> as it stands on <paramref name="today"/>.</summary>
    public static IReadOnlyList<ComplianceItem> For(ReviewState review, ProcedureProfile profile, WorkingDayCalendar calendar, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(calendar);
        var items = new List<ComplianceItem>();
        items.AddRange(FromDeadlines(review, profile, "N2", Milestone.PanelNotified, today, calendar,
            "the Panel is notified by the local authority; this route owed no notification"));
        items.AddRange(FromDeadlines(review, profile, "N5", Milestone.ReportSubmittedToPanel, today, calendar,
            "no Rapid Review: the route did not lead to one"));
        items.AddRange(MeetingChecks(review, profile, calendar, today));
        items.Add(LeadReviewerNamed(review));
        items.AddRange(FromDeadlines(review, profile, "N7", Milestone.Publication, today, calendar, "no local CSPR was initiated"));
        items.Add(DelayReported(review, today));
        items.AddRange(RegulatorsCopies(review, today, calendar));
        items.Add(Justification(review));
        items.Add(Nspcc(review));
        items.Add(Availability(review, today));
        items.AddRange(LearningActions(review, today, calendar));
        return items;
    }

    /// <summary>How many items stand at each verdict.</summary>
    public static IReadOnlyDictionary<ComplianceStatus, int> Count(IEnumerable<ComplianceItem> items) =>
        Enum.GetValues<ComplianceStatus>().ToDictionary(s => s, s => items.Count(i => i.Status == s));

    /// <summary>The verdict of a deadline in the ledger on <paramref name="today"/>.</summary>
    public static ComplianceStatus Of(DeadlineRecord deadline, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return deadline.Status switch
        {
            DeadlineStatus.Met => ComplianceStatus.Met,
            DeadlineStatus.Missed => ComplianceStatus.Missed,
            DeadlineStatus.Cancelled => ComplianceStatus.NotApplicable,
            _ => deadline.DueOn < today ? ComplianceStatus.Missed : ComplianceStatus.Pending,
        };
    }

    private static IEnumerable<ComplianceItem> FromDeadlines(
        ReviewState review, ProcedureProfile profile, string rule, Milestone milestone, DateOnly today, WorkingDayCalendar calendar, string notApplicable)
    {
        var deadlines = review.Deadlines.Where(d => d.Rule == rule && d.SatisfiedBy == milestone && d.Subject is null).OrderBy(d => d.DueOn).ToList();
        if (deadlines.Count == 0)
        {
            // Owed on this route but counted from something that has not happened yet (Darlington's N5 counts from the Panel's acknowledgement).
            var owed = profile.Timetable.FirstOrDefault(e => e.Rule == rule && e.SatisfiedBy == milestone && e.AppliesTo(review.Route.ToProfile()));
            var stillOpen = review.CurrentState is not ("Closed" or "ReferredElsewhere" or "LearningRoute" or "NoFurtherReview" or "AlternativeReview" or "NationalReview" or "NotPublished");
            var pending = owed is not null && stillOpen && (rule != "N7" || review.Outcome is null || review.Outcome == RapidReviewOutcome.LocalReview)
                && (rule != "N5" || review.SubmittedOn is null);
            return [pending
                ? new ComplianceItem(rule, owed!.Name, null, null, ComplianceStatus.Pending, $"counted from {owed.Anchor}, which has not happened yet")
                : new ComplianceItem(rule, CheckName(rule), null, null, ComplianceStatus.NotApplicable, notApplicable)];
        }

        return deadlines.Select(d => FromDeadline(d, today, calendar, d.Status == DeadlineStatus.Cancelled ? "no longer owed: the review took another route" : null));
    }

    private static ComplianceItem FromDeadline(DeadlineRecord deadline, DateOnly today, WorkingDayCalendar calendar, string? note = null)
    {
        var status = Of(deadline, today);
        note ??= status == ComplianceStatus.Missed
            ? deadline.MetOn is { } late
                ? $"done {Late(calendar, deadline.DueOn, late)}"
                : "not done by the due date"
            : null;
        return new ComplianceItem(deadline.Rule, deadline.Name, deadline.DueOn, deadline.MetOn, status, note);
    }

    private static string Late(WorkingDayCalendar calendar, DateOnly due, DateOnly actual)
    {
        var working = calendar.WorkingDaysBetween(due, actual);
        var days = actual.DayNumber - due.DayNumber;
        return working > 0 ? $"{working} working day(s) late" : $"{days} day(s) late";
    }

    // The Rapid Review meeting's timescales (a deadline in the ledger, or an aim of the profile with no milestone of
    // its own, such as Darlington's App 5 "7-10 working days" and "within fifteen days"), and advisory readings of the
    // Panel's notification (Darlington's 5 calendar days), judged from the dates the record holds.
    private static IEnumerable<ComplianceItem> MeetingChecks(ReviewState review, ProcedureProfile profile, WorkingDayCalendar calendar, DateOnly today)
    {
        foreach (var entry in profile.Timetable.Where(e => e.Bound == DeadlineBound.NoLaterThan
                     && (e.Key.StartsWith(MeetingKey, StringComparison.Ordinal) || (e.SatisfiedBy is null && e.Key.StartsWith(NotificationKey, StringComparison.Ordinal)))))
        {
            if (review.Deadlines.FirstOrDefault(d => d.Key == entry.Key && d.Subject is null) is { } armed)
            {
                yield return FromDeadline(armed, today, calendar);
                continue;
            }

            var meeting = entry.Key.StartsWith(MeetingKey, StringComparison.Ordinal);
            var rule = entry.Citation(profile.Name);
            var anchorOn = AnchorDate(review, entry.Anchor);
            var actualOn = meeting ? review.MeetingOn : review.NotifiedOn;
            var noRapidReview = meeting && review.MeetingOn is null
                && review.CurrentState is "Closed" or "ReferredElsewhere" or "LearningRoute" or "AwaitingDecision" or "NoFurtherReview" or "AlternativeReview";
            if (!entry.AppliesTo(review.Route.ToProfile()) || noRapidReview
                || (!meeting && !review.Deadlines.Any(d => d.SatisfiedBy == Milestone.PanelNotified)))
            {
                yield return new ComplianceItem(rule, entry.Name, null, null, ComplianceStatus.NotApplicable, "not owed on this route");
                continue;
            }

            if (anchorOn is not { } anchor)
            {
                yield return new ComplianceItem(rule, entry.Name, null, null, ComplianceStatus.Pending, $"counted from {entry.Anchor}, which has not happened yet");
                continue;
            }

            var computed = entry.ComputeFrom(anchor, calendar);
            var status = actualOn is { } actual
                ? (computed.IsOutsideWindow(actual) || actual > computed.DueOn ? ComplianceStatus.Missed : ComplianceStatus.Met)
                : computed.DueOn < today ? ComplianceStatus.Missed : ComplianceStatus.Pending;
            var note = computed.OpensOn is { } opens ? $"aim: between {ReviewProcedure.Format(opens)} and {ReviewProcedure.Format(computed.DueOn)}" : "an aim of the profile";
            yield return new ComplianceItem(rule, entry.Name, computed.DueOn, actualOn, status, note);
        }
    }

    private const string MeetingKey = "rapid-review-meeting";

    private const string NotificationKey = "panel-notification";

    private static DateOnly? AnchorDate(ReviewState review, TimetableAnchor anchor) => anchor switch
    {
        TimetableAnchor.BecameAware => review.BecameAwareOn,
        TimetableAnchor.ReferralReceived => review.ReceivedOn,
        TimetableAnchor.PanelAcknowledged => review.PanelAcknowledgedOn,
        TimetableAnchor.DecisionMade => review.RouteDecidedOn,
        _ => null,
    };

    private static ComplianceItem LeadReviewerNamed(ReviewState review)
    {
        const string check = "The National Panel, Ofsted and the DfE told of the CSPR and its lead reviewer";
        if (review.Outcome != RapidReviewOutcome.LocalReview)
        {
            return new ComplianceItem("N9", check, null, null, ComplianceStatus.NotApplicable, "no local CSPR");
        }

        return FromDeliveries("N9", check, review.Deliveries.Where(d => d.Kind == NotificationKind.CsprCommissioned).ToList(),
            review.LeadReviewerAppointedOn is null ? "no lead reviewer appointed yet" : "owed from the appointment");
    }

    private static ComplianceItem FromDeliveries(string rule, string check, List<DeliveryRecord> owed, string pendingNote)
    {
        if (owed.Count == 0)
        {
            return new ComplianceItem(rule, check, null, null, ComplianceStatus.Pending, pendingNote);
        }

        var due = owed.Min(d => d.DueOn);
        if (owed.Any(d => d.Status == DeliveryStatus.DeadLettered))
        {
            return new ComplianceItem(rule, check, due, null, ComplianceStatus.Missed,
                "not delivered to " + string.Join(", ", owed.Where(d => d.Status == DeliveryStatus.DeadLettered).Select(d => d.Recipient)));
        }

        if (owed.All(d => d.Status == DeliveryStatus.Sent))
        {
            return new ComplianceItem(rule, check, due, owed.Max(d => d.SentOn), ComplianceStatus.Met,
                "sent to " + string.Join(", ", owed.Select(d => d.Recipient).Distinct()));
        }

        return new ComplianceItem(rule, check, due, null, ComplianceStatus.Pending, "requested, not yet sent to all");
    }

    private static ComplianceItem DelayReported(ReviewState review, DateOnly today)
    {
        const string check = "A delay past six months reported to the Panel and the Secretary of State, with the reason";
        var n7 = review.Deadlines.FirstOrDefault(d => d.Rule == "N7" && d.SatisfiedBy == Milestone.Publication && d.Status != DeadlineStatus.Cancelled);
        if (n7 is null)
        {
            return new ComplianceItem("N8", check, null, null, ComplianceStatus.NotApplicable, "no local CSPR was initiated");
        }

        var firstDelay = review.Delays.OrderBy(d => d.ReportedOn).FirstOrDefault();
        var publishedOrStopped = review.PublishedOn ?? review.NotPublishedOn;
        var late = publishedOrStopped is { } done ? done > n7.DueOn : today > n7.DueOn;
        if (firstDelay is null)
        {
            return late
                ? new ComplianceItem("N8", check, n7.DueOn, null, ComplianceStatus.Missed, "the six months passed and no delay was reported")
                : new ComplianceItem("N8", check, n7.DueOn, null, publishedOrStopped is null ? ComplianceStatus.Pending : ComplianceStatus.NotApplicable,
                    publishedOrStopped is null ? "owed only if publication will be later than six months" : "published within six months: no delay to report");
        }

        return new ComplianceItem("N8", check, n7.DueOn, firstDelay.ReportedOn,
            firstDelay.ReportedOn <= n7.DueOn ? ComplianceStatus.Met : ComplianceStatus.Missed,
            firstDelay.ReportedOn <= n7.DueOn ? $"expected publication {ReviewProcedure.Format(firstDelay.ExpectedPublicationOn)}" : "reported after the six months had passed");
    }

    private static IEnumerable<ComplianceItem> RegulatorsCopies(ReviewState review, DateOnly today, WorkingDayCalendar calendar)
    {
        var deadlines = review.Deadlines.Where(d => d.SatisfiedBy == Milestone.RegulatorsCopiesSent && d.Status != DeadlineStatus.Cancelled).OrderBy(d => d.Rule, StringComparer.Ordinal).ToList();
        if (deadlines.Count == 0)
        {
            return [new ComplianceItem("N10", CheckName("N10"), null, null, ComplianceStatus.NotApplicable,
                review.NotPublishedOn is not null ? "not published" : "no publication date scheduled")];
        }

        return deadlines.Select(d => FromDeadline(d, today, calendar) with { ActualOn = d.MetOn ?? review.RegulatorsCopiesSentOn });
    }

    private static ComplianceItem Justification(ReviewState review)
    {
        const string check = "Not published: the justification and the improvements published sent to the Panel and the Secretary of State";
        return review.NotPublishedOn is null
            ? new ComplianceItem("N11", check, null, null, ComplianceStatus.NotApplicable, "no decision not to publish")
            : FromDeliveries("N11", check, review.Deliveries.Where(d => d.Kind == NotificationKind.DecisionNotToPublish).ToList(), "owed from the decision");
    }

    private static ComplianceItem Nspcc(ReviewState review)
    {
        const string check = "The published report submitted to the NSPCC National Repository";
        return review.PublishedOn is null
            ? new ComplianceItem("N13", check, null, null, ComplianceStatus.NotApplicable, "not published")
            : FromDeliveries("N13", check, review.Deliveries.Where(d => d.Kind == NotificationKind.PublishedReport && d.Recipient == RecipientRole.NspccRepository).ToList(), "owed from publication");
    }

    private static ComplianceItem Availability(ReviewState review, DateOnly today)
    {
        var period = review.Deadlines.FirstOrDefault(d => d.SatisfiedBy == Milestone.AvailabilityPeriodCompleted);
        if (period is null)
        {
            return new ComplianceItem("N12", CheckName("N12"), null, null, ComplianceStatus.NotApplicable, "not published");
        }

        // The year runs out by itself: completed once the due date has passed with the report still up.
        return period.Status == DeadlineStatus.Met || period.DueOn < today
            ? new ComplianceItem(period.Rule, period.Name, period.DueOn, period.MetOn ?? period.DueOn, ComplianceStatus.Met)
            : new ComplianceItem(period.Rule, period.Name, period.DueOn, null, ComplianceStatus.Pending, $"available since {ReviewProcedure.Format(period.AnchorOn)}");
    }

    private static IEnumerable<ComplianceItem> LearningActions(ReviewState review, DateOnly today, WorkingDayCalendar calendar)
    {
        foreach (var action in review.LearningActions.OrderBy(a => a.ActionId, StringComparer.Ordinal))
        {
            // An extension cancels the action's deadlines and arms new ones from the new date: only those still owed count.
            var deadlines = review.Deadlines.Where(d => d.Subject == action.ActionId && d.Status != DeadlineStatus.Cancelled).OrderBy(d => d.DueOn).ToList();
            var completed = action.CompletedOn;
            var status = completed is { } done
                ? (done <= action.DueOn ? ComplianceStatus.Met : ComplianceStatus.Missed)
                : action.DueOn < today ? ComplianceStatus.Missed : ComplianceStatus.Pending;
            var note = status == ComplianceStatus.Missed
                ? (completed is { } late ? $"completed {Late(calendar, action.DueOn, late)}" : $"outstanding: {action.Status}")
                : action.Extensions > 0 ? $"extended {action.Extensions} time(s)" : null;
            yield return new ComplianceItem("N18", $"Learning action '{action.ActionId}' completed", action.DueOn, completed, status, note);

            // Escalation is on time when it happened when its deadline passed (the clock escalates the day after).
            foreach (var escalation in deadlines.Where(d => d.Key != ReviewProcedure.LearningActionDueKey))
            {
                var escalatedOn = escalation.MissedFiredAt is { } fired ? LondonTime.DateAt(fired) : (DateOnly?)null;
                var verdict = escalation.Status switch
                {
                    DeadlineStatus.Met => (ComplianceStatus.NotApplicable, (DateOnly?)null, (string?)"completed before escalation was due"),
                    DeadlineStatus.Missed => escalatedOn is { } on && on <= calendar.AddWorkingDays(escalation.DueOn, 1)
                        ? (ComplianceStatus.Met, escalatedOn, "escalated")
                        : (ComplianceStatus.Missed, escalatedOn, "escalated late"),
                    _ => escalation.DueOn < today ? (ComplianceStatus.Missed, null, "due for escalation and not escalated") : (ComplianceStatus.Pending, null, null),
                };
                yield return new ComplianceItem(escalation.Rule, $"Learning action '{action.ActionId}': {escalation.Name}", escalation.DueOn, verdict.Item2, verdict.Item1, verdict.Item3);
            }
        }
    }

    private static string CheckName(string rule) => rule switch
    {
        "N2" => "The local authority notifies the National Panel within 5 working days of becoming aware",
        "N5" => "The Rapid Review report and decision reach the National Panel within 15 working days",
        "N7" => "The local CSPR is published within six months of the decision to initiate it",
        "N10" => "The final report goes to the Panel, Ofsted and the DfE before publication, in time",
        "N12" => "The published report stays available for at least a year",
        _ => rule,
    };
}
