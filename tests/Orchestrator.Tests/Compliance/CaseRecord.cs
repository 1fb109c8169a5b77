using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Compliance;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Compliance;

/// <summary>
/// A review's record built the way the saga builds it (the same <see cref="ReviewProcedure"/> arms and meets its
/// deadlines), without the bus: what the checklist is computed from.
/// </summary>
public sealed class CaseRecord
{
    /// <summary>The shipped calendar.</summary>
    public static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.FromFile(WorkingDayCalendar.ShippedDataPath);

    /// <summary>The shipped profiles.</summary>
    public static readonly ProfileCatalogue Profiles = ProfileLoader.LoadDirectory(ProfileLoader.ShippedDirectory);

    private static readonly ReviewProcedure Procedure = new(Profiles, Calendar);

    private CaseRecord(ReviewState review) => Review = review;

    /// <summary>The record.</summary>
    public ReviewState Review { get; }

    /// <summary>A review received on <paramref name="received"/> (aware on <paramref name="aware"/>) by the route given.</summary>
    public static CaseRecord Open(string partnership, ReviewRoute route, string received, string aware)
    {
        var review = new ReviewState
        {
            CorrelationId = Guid.NewGuid(),
            Partnership = partnership,
            Route = route,
            ReceivedOn = Day(received),
            BecameAwareOn = Day(aware),
            CurrentState = "AwaitingDecision",
        };
        Procedure.Arm(review, TimetableAnchor.BecameAware, review.BecameAwareOn, review.ReceivedOn);
        Procedure.Arm(review, TimetableAnchor.ReferralReceived, review.ReceivedOn, review.ReceivedOn);
        Procedure.Reach(review, Milestone.ReferralReceived, review.ReceivedOn);
        if (Procedure.RouteOf(review)!.Decision == RouteDecision.AlwaysRapidReview)
        {
            review.RouteDecidedOn = review.ReceivedOn;
            review.CurrentState = "RapidReview";
            Procedure.Arm(review, TimetableAnchor.DecisionMade, review.ReceivedOn, review.ReceivedOn);
            Procedure.Reach(review, Milestone.DecisionMade, review.ReceivedOn);
        }

        return new CaseRecord(review);
    }

    /// <summary>The partners decided against a Rapid Review and the review closed: what was owed is cancelled.</summary>
    public CaseRecord ClosedWithoutRapidReview(string on)
    {
        Review.RouteDecidedOn = Day(on);
        Procedure.Cancel(Review, _ => true, "no Rapid Review");
        Review.CurrentState = "Closed";
        Review.ClosedOn = Day(on);
        Review.ClosureReason = "Below the threshold for a Rapid Review.";
        return this;
    }

    /// <summary>The review closed with <paramref name="reason"/>.</summary>
    public CaseRecord Closed(string on, string reason)
    {
        Review.CurrentState = "Closed";
        Review.ClosedOn = Day(on);
        Review.ClosureReason = reason;
        return this;
    }

    /// <summary>The local authority notified the Panel (N2).</summary>
    public CaseRecord Notified(string on)
    {
        Review.NotifiedOn = Day(on);
        Procedure.Reach(Review, Milestone.PanelNotified, Day(on));
        return this;
    }

    /// <summary>The Panel acknowledged the notification.</summary>
    public CaseRecord Acknowledged(string on)
    {
        Review.PanelAcknowledgedOn = Day(on);
        Procedure.Reach(Review, Milestone.PanelAcknowledged, Day(on));
        Procedure.Arm(Review, TimetableAnchor.PanelAcknowledged, Day(on), Day(on));
        return this;
    }

    /// <summary>The quorate Rapid Review meeting.</summary>
    public CaseRecord MeetingHeld(string on)
    {
        Review.MeetingOn = Day(on);
        Procedure.Reach(Review, Milestone.RapidReviewMeetingHeld, Day(on));
        return this;
    }

    /// <summary>The report and decision went to the Panel (N5) with the outcome; a local CSPR starts N7's six months.</summary>
    public CaseRecord Submitted(string on, RapidReviewOutcome outcome = RapidReviewOutcome.LocalReview)
    {
        Review.SubmittedOn = Day(on);
        Review.DecisionOn = Day(on);
        Review.Outcome = outcome;
        Procedure.Reach(Review, Milestone.ReportSubmittedToPanel, Day(on));
        Procedure.Arm(Review, TimetableAnchor.ReportSubmittedToPanel, Day(on), Day(on));
        if (outcome == RapidReviewOutcome.LocalReview)
        {
            Review.CurrentState = "LocalReview";
            Procedure.Arm(Review, TimetableAnchor.CsprInitiated, Day(on), Day(on));
        }

        return this;
    }

    /// <summary>The lead reviewer appointed; the N9 notifications owed, sent on <paramref name="sentOn"/> (null: not yet).</summary>
    public CaseRecord LeadReviewerAppointed(string on, string? sentOn)
    {
        Review.CommissionedOn = Day(on);
        Review.LeadReviewer = "Lead Reviewer";
        Review.LeadReviewerAppointedOn = Day(on);
        foreach (var role in new[] { RecipientRole.NationalPanel, RecipientRole.Ofsted, RecipientRole.SecretaryOfState })
        {
            Review.Deliveries.Add(Delivery(NotificationKind.CsprCommissioned, role, "N9", on, sentOn));
        }

        return this;
    }

    /// <summary>A delay reported to the Panel and the Secretary of State (N8).</summary>
    public CaseRecord DelayReported(string on, string expected)
    {
        Review.Delays.Add(new DelayRecord(Day(on), Day(expected)));
        return this;
    }

    /// <summary>Publication scheduled: the regulators' copies are owed (N10).</summary>
    public CaseRecord PublicationScheduled(string publishOn, string on)
    {
        Review.PublishOn = Day(publishOn);
        Review.CurrentState = "PublicationPending";
        Procedure.Arm(Review, TimetableAnchor.Publication, Day(publishOn), Day(on));
        return this;
    }

    /// <summary>The regulators' copies all went.</summary>
    public CaseRecord CopiesSent(string on)
    {
        foreach (var role in new[] { RecipientRole.NationalPanel, RecipientRole.Ofsted, RecipientRole.SecretaryOfState })
        {
            Review.Deliveries.Add(Delivery(NotificationKind.FinalReportCopy, role, "N10", on, on));
        }

        Procedure.Reach(Review, Milestone.RegulatorsCopiesSent, Day(on));
        return this;
    }

    /// <summary>Published (N7 met or late), the NSPCC submission sent on <paramref name="nspccSentOn"/>, the year's availability armed (N12).</summary>
    public CaseRecord Published(string on, string? nspccSentOn)
    {
        Review.PublishedOn = Day(on);
        Review.CurrentState = "Published";
        Procedure.Reach(Review, Milestone.Publication, Day(on));
        Procedure.ArmAvailability(Review, Day(on), Day(on));
        Review.Deliveries.Add(Delivery(NotificationKind.PublishedReport, RecipientRole.NspccRepository, "N13", on, nspccSentOn));
        return this;
    }

    /// <summary>A decision not to publish, the justification sent on <paramref name="sentOn"/>.</summary>
    public CaseRecord NotPublished(string on, string? sentOn)
    {
        Review.NotPublishedOn = Day(on);
        Review.CurrentState = "NotPublished";
        Procedure.Cancel(Review, d => d.SatisfiedBy is Milestone.Publication or Milestone.RegulatorsCopiesSent, "not published");
        foreach (var role in new[] { RecipientRole.NationalPanel, RecipientRole.SecretaryOfState })
        {
            Review.Deliveries.Add(Delivery(NotificationKind.DecisionNotToPublish, role, "N11", on, sentOn));
        }

        return this;
    }

    /// <summary>A learning action agreed on <paramref name="agreed"/>, due <paramref name="due"/>.</summary>
    public CaseRecord Action(string id, string agreed, string due)
    {
        Review.LearningActions.Add(new LearningActionRecord(id, "Improve practice", "Police", Day(agreed)) { DueOn = Day(due) });
        Procedure.AddDeadline(Review, ReviewProcedure.LearningActionDueKey, "N18", $"Learning action '{id}' completed",
            Milestone.LearningActionCompleted, TimetableAnchor.LearningActionDue, Day(due), Day(due), null, null, Day(agreed), id);
        Procedure.Arm(Review, TimetableAnchor.LearningActionDue, Day(due), Day(agreed), id);
        return this;
    }

    /// <summary>The action completed.</summary>
    public CaseRecord Completed(string id, string on)
    {
        var action = Review.LearningActions.Single(a => a.ActionId == id);
        action.CompletedOn = Day(on);
        action.Status = LearningActionStatus.Completed;
        Procedure.Reach(Review, Milestone.LearningActionCompleted, Day(on), id);
        return this;
    }

    /// <summary>The clock fired the breach of each of the action's deadlines due before <paramref name="on"/>, on the day after each.</summary>
    public CaseRecord ClockFiredFor(string id, string on)
    {
        foreach (var deadline in Review.Deadlines.Where(d => d.Subject == id && d.Status == DeadlineStatus.Open && d.DueOn < Day(on)))
        {
            deadline.Status = DeadlineStatus.Missed;
            deadline.MissedFiredAt = LondonTime.StartOfDayUtc(deadline.DueOn.AddDays(1)).AddHours(1);
        }

        return this;
    }

    /// <summary>The checklist on <paramref name="today"/>.</summary>
    public IReadOnlyList<ComplianceItem> Checklist(string today) =>
        ComplianceChecklist.For(Review, Profiles.Find(Review.Partnership)!, Calendar, Day(today));

    /// <summary>A date written YYYY-MM-DD.</summary>
    public static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private DeliveryRecord Delivery(NotificationKind kind, RecipientRole role, string rule, string on, string? sentOn) =>
        new($"{Review.CorrelationId:N}:{kind}:{role}", kind, role, rule, Day(on), Day(on))
        {
            Status = sentOn is null ? DeliveryStatus.Requested : DeliveryStatus.Sent,
            SentOn = sentOn is null ? null : Day(sentOn),
        };
}
