using Orchestration.Contracts;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>A review as the API shows it: its statutory record, never the referral's personal data.</summary>
public sealed record ReviewView(
    Guid Id,
    string Partnership,
    ReviewRoute Route,
    string State,
    int Version,
    KeyDatesView KeyDates,
    RapidReviewOutcome? Outcome,
    string? AlternativeReviewType,
    LeadReviewerView? LeadReviewer,
    IReadOnlyList<DeadlineView> Deadlines,
    IReadOnlyList<DeliveryRecord> Deliveries,
    IReadOnlyList<ReportDocumentRecord> Documents,
    IReadOnlyList<PartnerVote> PartnerVotes,
    IReadOnlyList<Recommendation> Recommendations,
    IReadOnlyList<AgencyRequest> AgencyRequests,
    IReadOnlyList<MeetingRecord> Meetings,
    IReadOnlyList<StatutoryPartner> Endorsements,
    IReadOnlyList<FamilyEngagement> FamilyEngagement,
    IReadOnlyList<ProceedingRecord> Proceedings,
    IReadOnlyList<DelayRecord> Delays,
    IReadOnlyList<LearningActionRecord> LearningActions,
    IReadOnlyList<string> AcceptedEvents,
    string? ClosureReason,
    int TimelineLength)
{
    /// <summary>Builds the view.</summary>
    public static ReviewView Of(ReviewState review, ReviewStateMachine machine)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(machine);
        return new ReviewView(
            review.CorrelationId,
            review.Partnership,
            review.Route,
            review.CurrentState,
            review.Version,
            KeyDatesView.Of(review),
            review.Outcome,
            review.AlternativeReviewType,
            review.LeadReviewer is null ? null : new LeadReviewerView(review.LeadReviewer, review.LeadReviewerConflicted, review.LeadReviewerAppointedOn),
            [.. review.Deadlines.OrderBy(d => d.DueOn).ThenBy(d => d.Rule, StringComparer.Ordinal).Select(DeadlineView.Of)],
            review.Deliveries,
            review.Documents,
            review.PartnerVotes,
            review.Recommendations,
            review.AgencyRequests,
            review.Meetings,
            review.Endorsements,
            review.FamilyEngagement,
            review.Proceedings,
            review.Delays,
            review.LearningActions,
            [.. machine.AcceptedIn(review.CurrentState).Where(name => EventCatalogue.Find(name) is not null)],
            review.ClosureReason,
            review.TimelineLength);
    }
}

/// <summary>The dates the statutory record turns on.</summary>
public sealed record KeyDatesView(
    DateOnly Received,
    DateOnly BecameAware,
    DateOnly? Notified,
    DateOnly? PanelAcknowledged,
    DateOnly? RouteDecided,
    DateOnly? Meeting,
    DateOnly? Submitted,
    DateOnly? Decision,
    DateOnly? Commissioned,
    DateOnly? SignedOff,
    DateOnly? PublicationScheduled,
    DateOnly? Published,
    DateOnly? AvailableUntil,
    DateOnly? NotPublished,
    DateOnly? Closed)
{
    /// <summary>Builds the view.</summary>
    public static KeyDatesView Of(ReviewState review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return new KeyDatesView(
            review.ReceivedOn, review.BecameAwareOn, review.NotifiedOn, review.PanelAcknowledgedOn, review.RouteDecidedOn,
            review.MeetingOn, review.SubmittedOn, review.DecisionOn, review.CommissionedOn, review.SignedOffOn, review.PublishOn,
            review.PublishedOn, review.PublishedOn?.AddMonths(12), review.NotPublishedOn, review.ClosedOn);
    }
}

/// <summary>The lead reviewer (a professional, named to the regulators under N9).</summary>
public sealed record LeadReviewerView(string Name, bool ConflictDeclared, DateOnly? AppointedOn);

/// <summary>One deadline: <c>rule</c> is N1-N18 or <c>profile:key</c>.</summary>
public sealed record DeadlineView(
    Guid Id,
    Guid ReviewId,
    string Partnership,
    string Rule,
    string Key,
    string Name,
    string? Subject,
    DateOnly DueOn,
    DateOnly? OpensOn,
    string Status,
    DateOnly? MetOn,
    string Derivation)
{
    /// <summary>Builds the view.</summary>
    public static DeadlineView Of(DeadlineRecord deadline)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return new DeadlineView(deadline.Id, deadline.ReviewId, deadline.Partnership, deadline.Rule, deadline.Key, deadline.Name, deadline.Subject,
            deadline.DueOn, deadline.OpensOn, deadline.Status.ToString().ToLowerInvariant(), deadline.MetOn, deadline.Derivation);
    }
}

/// <summary>A line of the list of reviews.</summary>
public sealed record ReviewSummary(Guid Id, string Partnership, ReviewRoute Route, string State, DateOnly Received, DateOnly? NextDueOn);

/// <summary>A page of results.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>A timeline entry as shown.</summary>
public sealed record TimelineEntryView(
    int Sequence, string Event, Guid? EventId, DateOnly OccurredOn, DateTimeOffset RecordedAt, string Outcome,
    string StateBefore, string StateAfter, string Detail, string Hash)
{
    /// <summary>Builds the view.</summary>
    public static TimelineEntryView Of(TimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new TimelineEntryView(entry.Sequence, entry.Event, entry.EventId, entry.OccurredOn, entry.RecordedAt, entry.Outcome,
            entry.StateBefore, entry.StateAfter, entry.Detail, entry.Hash);
    }
}
