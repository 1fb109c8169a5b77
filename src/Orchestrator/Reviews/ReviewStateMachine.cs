using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Persistence;
using StatutoryPartner = Orchestration.Contracts.StatutoryPartner;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// The review lifecycle (DESIGN.md "The lifecycle"): one saga per review, correlated by <c>ReviewId</c>.
/// Every event is declared once with the states that accept it (<see cref="Transitions"/>), which is also
/// what the 409 answer lists and what the diagram in docs/ is drawn from. An event in any other state is
/// rejected: recorded in the timeline, published as <see cref="ReviewEventRejected"/>, never applied.
/// </summary>
public sealed partial class ReviewStateMachine : MassTransitStateMachine<ReviewState>
{
    private readonly ReviewProcedure procedure;
    private readonly TimeProvider time;
    private readonly List<TransitionRule> transitions = [];

    /// <summary>Builds the machine; the procedure and the clock come from the container.</summary>
    public ReviewStateMachine(ReviewProcedure procedure, TimeProvider time)
    {
        this.procedure = procedure;
        this.time = time;
        InstanceState(review => review.CurrentState);

        Event(() => ReferralSubmitted, e =>
        {
            e.CorrelateById(context => OpeningReviewId(context));
            e.InsertOnInitial = false;
        });
        ConfigureReviewEvents();

        Initially(When(ReferralSubmitted).ThenAsync(Open));
        transitions.Add(new TransitionRule(nameof(ReferralSubmitted), ["Initial"],
            [nameof(AwaitingDecision), nameof(RapidReview), nameof(ReferredElsewhere)]));
        On(ReferralSubmitted, [], (_, review) => review.Scratch.Reject("a review with this id already exists"));

        DeclareReferralStage();
        DeclareRapidReviewStage();
        DeclareLocalReviewStage();
        DeclareLearningStage();
        DeclareAnyTime();
    }

    /// <summary>Waiting for the partners (or the body the profile names) to decide the route.</summary>
    public State AwaitingDecision { get; private set; } = null!;

    /// <summary>The Rapid Review: information, meeting, report, endorsements, outcome.</summary>
    public State RapidReview { get; private set; } = null!;

    /// <summary>The report and decision are with the National Panel.</summary>
    public State RapidReviewSubmitted { get; private set; } = null!;

    /// <summary>The National Panel runs a national review.</summary>
    public State NationalReview { get; private set; } = null!;

    /// <summary>A local CSPR: commissioning to sign-off.</summary>
    public State LocalReview { get; private set; } = null!;

    /// <summary>Another kind of review (DHR, SAR, single-agency, ...).</summary>
    public State AlternativeReview { get; private set; } = null!;

    /// <summary>No further review: the Rapid Review report stands as the CSPR.</summary>
    public State NoFurtherReview { get; private set; } = null!;

    /// <summary>Below the threshold: learning and development options (Darlington's sub-group, Northamptonshire's case mapping).</summary>
    public State LearningRoute { get; private set; } = null!;

    /// <summary>Signed off; the regulators' copies and the publication date.</summary>
    public State PublicationPending { get; private set; } = null!;

    /// <summary>Published (N12, N13).</summary>
    public State Published { get; private set; } = null!;

    /// <summary>Not published, justification sent (N11).</summary>
    public State NotPublished { get; private set; } = null!;

    /// <summary>The action plan is being delivered (N18).</summary>
    public State LearningMonitoring { get; private set; } = null!;

    /// <summary>Decided by another process (Gloucestershire's CDOP for ALTEs, child death review).</summary>
    public State ReferredElsewhere { get; private set; } = null!;

    /// <summary>Done.</summary>
    public State Closed { get; private set; } = null!;

#pragma warning disable CS1591 // The events are the contracts of the same names.
    public Event<ReferralSubmitted> ReferralSubmitted { get; private set; } = null!;
    public Event<SeriousIncidentNotified> SeriousIncidentNotified { get; private set; } = null!;
    public Event<LookedAfterChildDeathReported> LookedAfterChildDeathReported { get; private set; } = null!;
    public Event<NationalPanelAcknowledged> NationalPanelAcknowledged { get; private set; } = null!;
    public Event<TriageRecommendationMade> TriageRecommendationMade { get; private set; } = null!;
    public Event<PartnerDecisionRecorded> PartnerDecisionRecorded { get; private set; } = null!;
    public Event<InformationRequestsSent> InformationRequestsSent { get; private set; } = null!;
    public Event<AgencyInformationReturned> AgencyInformationReturned { get; private set; } = null!;
    public Event<RapidReviewMeetingScheduled> RapidReviewMeetingScheduled { get; private set; } = null!;
    public Event<RapidReviewMeetingHeld> RapidReviewMeetingHeld { get; private set; } = null!;
    public Event<RapidReviewReportDrafted> RapidReviewReportDrafted { get; private set; } = null!;
    public Event<RapidReviewReportEndorsed> RapidReviewReportEndorsed { get; private set; } = null!;
    public Event<RapidReviewOutcomeDecided> RapidReviewOutcomeDecided { get; private set; } = null!;
    public Event<NationalPanelResponded> NationalPanelResponded { get; private set; } = null!;
    public Event<CsprCommissioned> CsprCommissioned { get; private set; } = null!;
    public Event<LeadReviewerAppointed> LeadReviewerAppointed { get; private set; } = null!;
    public Event<TermsOfReferenceAgreed> TermsOfReferenceAgreed { get; private set; } = null!;
    public Event<FamilyEngagementRecorded> FamilyEngagementRecorded { get; private set; } = null!;
    public Event<ParallelProceedingRecorded> ParallelProceedingRecorded { get; private set; } = null!;
    public Event<ParallelProceedingConcluded> ParallelProceedingConcluded { get; private set; } = null!;
    public Event<DelayReported> DelayReported { get; private set; } = null!;
    public Event<FinalReportSignedOff> FinalReportSignedOff { get; private set; } = null!;
    public Event<PublicationScheduled> PublicationScheduled { get; private set; } = null!;
    public Event<DecisionNotToPublish> DecisionNotToPublish { get; private set; } = null!;
    public Event<ReportPublished> ReportPublished { get; private set; } = null!;
    public Event<ReportDocumentAttached> ReportDocumentAttached { get; private set; } = null!;
    public Event<ActionPlanAgreed> ActionPlanAgreed { get; private set; } = null!;
    public Event<LearningActionCompleted> LearningActionCompleted { get; private set; } = null!;
    public Event<LearningActionExtended> LearningActionExtended { get; private set; } = null!;
    public Event<ReviewClosed> ReviewClosed { get; private set; } = null!;
    public Event<StatutoryNotificationSent> StatutoryNotificationSent { get; private set; } = null!;
    public Event<StatutoryNotificationFailed> StatutoryNotificationFailed { get; private set; } = null!;
    public Event<DeliveryRetryRequested> DeliveryRetryRequested { get; private set; } = null!;
    public Event<PublicationCleared> PublicationCleared { get; private set; } = null!;
    public Event<PublicationBlocked> PublicationBlocked { get; private set; } = null!;
    public Event<DeadlineApproaching> DeadlineApproaching { get; private set; } = null!;
    public Event<DeadlineMissed> DeadlineMissed { get; private set; } = null!;
    public Event<BankHolidaysChanged> BankHolidaysChanged { get; private set; } = null!;
    public Event<PersonalDataErased> PersonalDataErased { get; private set; } = null!;
#pragma warning restore CS1591

    /// <summary>Every event with the states that accept it and the states it can lead to.</summary>
    public IReadOnlyList<TransitionRule> Transitions => transitions;

    /// <summary>The events a review in <paramref name="state"/> accepts, by name.</summary>
    public IReadOnlyList<string> AcceptedIn(string state) =>
        transitions.Where(t => t.From.Contains(state)).Select(t => t.Event).Distinct().ToList();

    /// <summary>The id a referral opens its review under: the bus message's correlation id, else its event id, else its message id.</summary>
    public static Guid OpeningReviewId(ConsumeContext<ReferralSubmitted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CorrelationId ?? context.Message.EventId ?? context.MessageId ?? throw new InvalidOperationException("A referral without any id.");
    }

    private State[] OpenStates => [AwaitingDecision, RapidReview, RapidReviewSubmitted, NationalReview, LocalReview, AlternativeReview,
        NoFurtherReview, LearningRoute, PublicationPending, Published, NotPublished, LearningMonitoring, ReferredElsewhere];

    private State[] All => [.. OpenStates, Closed];

    private void ConfigureReviewEvents()
    {
        Review(() => SeriousIncidentNotified);
        Review(() => LookedAfterChildDeathReported);
        Review(() => NationalPanelAcknowledged);
        Review(() => TriageRecommendationMade);
        Review(() => PartnerDecisionRecorded);
        Review(() => InformationRequestsSent);
        Review(() => AgencyInformationReturned);
        Review(() => RapidReviewMeetingScheduled);
        Review(() => RapidReviewMeetingHeld);
        Review(() => RapidReviewReportDrafted);
        Review(() => RapidReviewReportEndorsed);
        Review(() => RapidReviewOutcomeDecided);
        Review(() => NationalPanelResponded);
        Review(() => CsprCommissioned);
        Review(() => LeadReviewerAppointed);
        Review(() => TermsOfReferenceAgreed);
        Review(() => FamilyEngagementRecorded);
        Review(() => ParallelProceedingRecorded);
        Review(() => ParallelProceedingConcluded);
        Review(() => DelayReported);
        Review(() => FinalReportSignedOff);
        Review(() => PublicationScheduled);
        Review(() => DecisionNotToPublish);
        Review(() => ReportPublished);
        Review(() => ReportDocumentAttached);
        Review(() => ActionPlanAgreed);
        Review(() => LearningActionCompleted);
        Review(() => LearningActionExtended);
        Review(() => ReviewClosed);
        Review(() => StatutoryNotificationSent);
        Review(() => StatutoryNotificationFailed);
        Review(() => DeliveryRetryRequested);
        Review(() => PublicationCleared);
        Review(() => PublicationBlocked);
        Review(() => DeadlineApproaching);
        Review(() => DeadlineMissed);
        Review(() => BankHolidaysChanged);
        Review(() => PersonalDataErased);
    }

    private void Review<T>(System.Linq.Expressions.Expression<Func<Event<T>>> property)
        where T : class, IReviewEvent =>
        Event(property, e =>
        {
            e.CorrelateById(context => context.Message.ReviewId);
            e.OnMissingInstance(missing => missing.ExecuteAsync(async context =>
            {
                var message = context.Message;
                var rejected = new ReviewEventRejected(message.ReviewId, typeof(T).Name, message.EventId, null, [], "there is no such review");
                await context.Publish(rejected).ConfigureAwait(false);
                if (context.RequestId is not null)
                {
                    await context.RespondAsync(rejected).ConfigureAwait(false);
                }
            }));
        });

    /// <summary>
    /// Declares that <paramref name="evt"/> is accepted in <paramref name="from"/> (and may lead to <paramref name="to"/>);
    /// in any other state it is rejected. <paramref name="apply"/> may still refuse by the procedure's rules.
    /// </summary>
    private void On<T>(Event<T> evt, State[] from, Func<BehaviorContext<ReviewState, T>, ReviewState, Task> apply, params State[] to)
        where T : class
    {
        var accepting = from.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (from.Length > 0)
        {
            transitions.Add(new TransitionRule(evt.Name, [.. accepting], to.Length == 0 ? [] : [.. to.Select(s => s.Name)]));
        }

        DuringAny(When(evt).ThenAsync(async context =>
        {
            var review = context.Saga;
            if (await AlreadyApplied(context).ConfigureAwait(false))
            {
                return;
            }

            review.Scratch.StateBefore = review.CurrentState;
            if (!accepting.Contains(review.CurrentState))
            {
                review.Scratch.Reject($"{evt.Name} is not accepted while the review is {review.CurrentState}");
            }
            else if (EventDate(context.Message) is { } on && on < review.BecameAwareOn)
            {
                review.Scratch.Reject($"it is dated {ReviewProcedure.Format(on)}, before the review's incident became known on {ReviewProcedure.Format(review.BecameAwareOn)}");
            }
            else if (EventDate(context.Message) is { } later && later > Today())
            {
                review.Scratch.Reject($"it is dated {ReviewProcedure.Format(later)}, which is in the future");
            }
            else if (EventValidator.Validate(context.Message) is { Count: > 0 } problems)
            {
                review.Scratch.Reject("invalid: " + string.Join(" ", problems.SelectMany(p => p.Value)));
            }
            else
            {
                await apply(context, review).ConfigureAwait(false);
            }

            await Finish(context).ConfigureAwait(false);
        }));
    }

    private void On<T>(Event<T> evt, State[] from, Action<BehaviorContext<ReviewState, T>, ReviewState> apply, params State[] to)
        where T : class =>
        On(evt, from, (context, review) =>
        {
            apply(context, review);
            return Task.CompletedTask;
        }, to);

    /// <summary>
    /// Whether the review has already applied this event (same <c>EventId</c>); if so, a request is answered as a repeat
    /// and nothing is written. Asked after the review is read, so a copy that reads the review after another copy's
    /// commit (an upstream retry through another instance) finds the first on the timeline; a copy that read the review
    /// before that commit fails on the review's version when it writes, and its retry asks again. The gate does not ask
    /// first for events (that was a second query per event for the same answer), only for referrals, which it
    /// validates before any review exists.
    /// </summary>
    private static async Task<bool> AlreadyApplied<T>(BehaviorContext<ReviewState, T> context)
        where T : class
    {
        if (EventIdOf(context.Message) is not { } id)
        {
            return false;
        }

        var review = context.Saga;
        var applied = await context.GetServiceOrCreateInstance<IAppliedEvents>().Contains(review.CorrelationId, id, context.CancellationToken)
            .ConfigureAwait(false);
        if (applied && context.RequestId is not null)
        {
            await context.RespondAsync(new ReviewEventApplied(review.CorrelationId, typeof(T).Name, id, review.CurrentState, true)).ConfigureAwait(false);
        }

        return applied;
    }

    private static Guid? EventIdOf<T>(T message) => message switch
    {
        IReviewEvent e => e.EventId,
        ReferralSubmitted r => r.EventId,
        _ => null,
    };

    private static DateOnly? EventDate<T>(T message) => message is IReviewEvent e ? e.OccurredOn : null;

    private DateOnly Today() => LondonTime.DateAt(time.GetUtcNow());

    private async Task Open(BehaviorContext<ReviewState, ReferralSubmitted> context)
    {
        var referral = context.Message;
        var review = context.Saga;
        review.Scratch.StateBefore = "Initial";
        var problems = ReferralValidator.Validate(referral, procedure, Today());
        if (problems.Count > 0)
        {
            // An incomplete referral is returned to the referrer and nothing is stored: the exception rolls
            // the transition back and MassTransit publishes Fault<ReferralSubmitted> naming the fields.
            throw new ReferralReturnedException(problems);
        }

        review.Partnership = referral.Partnership;
        review.Route = referral.Route;
        review.RequestedReviewType = referral.RequestedReviewType;
        review.ChildDied = referral.ChildDied;
        review.LookedAfterChild = referral.LookedAfterChild;
        review.ReceivedOn = referral.ReceivedOn;
        review.BecameAwareOn = referral.BecameAwareOn;
        review.ReferrerEmail = referral.Referrer.Email;
        review.Scratch.NewRows.Add(new ReferralRecord
        {
            ReviewId = review.CorrelationId,
            Payload = System.Text.Json.JsonSerializer.Serialize(referral),
        });
        review.Scratch.Note($"{referral.Route} received by {referral.Partnership}");

        procedure.Arm(review, TimetableAnchor.BecameAware, referral.BecameAwareOn, referral.ReceivedOn);
        procedure.Arm(review, TimetableAnchor.ReferralReceived, referral.ReceivedOn, referral.ReceivedOn);
        procedure.Reach(review, Milestone.ReferralReceived, referral.ReceivedOn);

        var commands = new List<SendStatutoryNotification>();
        if (referral.LookedAfterChild && referral.ChildDied)
        {
            commands.AddRange(OweLookedAfterChildDeath(review, referral.ReceivedOn));
        }

        var route = procedure.RouteOf(review)!;
        if (route.Decision != RouteDecision.ReferredElsewhere)
        {
            // The business unit tells the partners (and whoever else the profile names) of the referral; the
            // National Panel, Ofsted and the DfE hear of it from the local authority's own notification (N2).
            commands.AddRange(procedure.Owe(review, NotificationKind.SeriousIncidentNotification, null, referral.ReceivedOn,
                procedure.Calendar.AddWorkingDays(referral.ReceivedOn, 1), "referral",
                Facts(("route", referral.Route.ToString()), ("receivedOn", Date(referral.ReceivedOn))),
                except: [RecipientRole.NationalPanel, RecipientRole.Ofsted, RecipientRole.SecretaryOfState]));
        }

        switch (route.Decision)
        {
            case RouteDecision.AlwaysRapidReview:
                review.RouteDecidedOn = referral.ReceivedOn;
                review.Scratch.Note($"a {referral.Route} always leads to a Rapid Review ({route.Rule ?? "N4"})");
                procedure.Arm(review, TimetableAnchor.DecisionMade, referral.ReceivedOn, referral.ReceivedOn);
                procedure.Reach(review, Milestone.DecisionMade, referral.ReceivedOn);
                await context.TransitionToState(RapidReview).ConfigureAwait(false);
                break;
            case RouteDecision.ReferredElsewhere:
                review.RouteDecidedOn = referral.ReceivedOn;
                review.ClosureReason = $"referred to {string.Join(", ", route.DecidedBy)} ({route.Source})";
                review.Scratch.Note(review.ClosureReason);
                procedure.Cancel(review, _ => true, "the case is decided elsewhere");
                await context.TransitionToState(ReferredElsewhere).ConfigureAwait(false);
                break;
            default:
                review.Scratch.Note($"the route is decided by {string.Join(" then ", route.DecidedBy)} ({route.Decision})");
                await context.TransitionToState(AwaitingDecision).ConfigureAwait(false);
                break;
        }

        Emit(context.Saga, commands);
        await Finish(context).ConfigureAwait(false);
    }

    private IReadOnlyList<SendStatutoryNotification> OweLookedAfterChildDeath(ReviewState review, DateOnly on) =>
        procedure.Owe(review, NotificationKind.LookedAfterChildDeath, "N3", on, on, "death");

    /// <summary>Writes the timeline entry and answers the sender; once per transition.</summary>
    private async Task Finish<T>(BehaviorContext<ReviewState, T> context)
        where T : class
    {
        var review = context.Saga;
        var scratch = review.Scratch;
        if (scratch.Finished)
        {
            return;
        }

        scratch.Finished = true;
        var message = context.Message;
        var eventName = typeof(T).Name;
        var eventId = EventIdOf(message);
        var occurredOn = message switch
        {
            IReviewEvent e => e.OccurredOn,
            ReferralSubmitted r => r.OccurredOn,
            _ => Today(),
        };
        var rejected = scratch.RejectedBecause;
        var entry = new TimelineEntry
        {
            ReviewId = review.CorrelationId,
            Sequence = review.TimelineLength + 1,
            Event = eventName,
            EventId = eventId,
            OccurredOn = occurredOn,
            RecordedAt = TimelineEntry.RecordingInstant(time.GetUtcNow()),
            Outcome = rejected is null ? TimelineEntry.Applied : TimelineEntry.Rejected,
            StateBefore = scratch.StateBefore ?? review.CurrentState,
            StateAfter = review.CurrentState,
            Detail = rejected ?? string.Join("; ", scratch.Notes),
            PreviousHash = review.TimelineHead,
        };
        entry.Hash = entry.ComputeHash();
        review.TimelineLength = entry.Sequence;
        review.TimelineHead = entry.Hash;
        scratch.NewRows.Add(entry);
        if (context.MessageId is { } messageId)
        {
            // Processed: a redelivery of this very message is ignored by the gate, whatever it carried.
            scratch.NewRows.Add(new InboxMessage { Consumer = ReviewEventGate<T>.Consumer, MessageId = messageId, ReceivedAt = entry.RecordedAt });
        }

        if (rejected is not null)
        {
            var refusal = new ReviewEventRejected(review.CorrelationId, eventName, eventId, review.CurrentState,
                AcceptedIn(review.CurrentState), rejected, scratch.EarliestCompliantPublicationDate);
            Emit(review, [refusal]);
            if (context.RequestId is not null)
            {
                await context.RespondAsync(refusal).ConfigureAwait(false);
            }
        }
        else if (context.RequestId is not null)
        {
            await context.RespondAsync(new ReviewEventApplied(review.CorrelationId, eventName, eventId, review.CurrentState, false)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Owes messages: they go into the outbox in the transition's own transaction, and the relay publishes
    /// them once it has committed (never before, never lost, at most once per consumer thanks to the inboxes).
    /// </summary>
    private void Emit<T>(ReviewState review, IEnumerable<T> messages)
        where T : class
    {
        foreach (var message in messages)
        {
            review.Scratch.NewRows.Add(OutboxMessage.For(message, review.CorrelationId, time.GetUtcNow()));
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Facts(params (string Key, string Value)[] facts) =>
        facts.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    private static readonly StatutoryPartner[] AllPartners = [StatutoryPartner.LocalAuthority, StatutoryPartner.Police, StatutoryPartner.Icb];
}

/// <summary>One event of the lifecycle: the states that accept it and the states it can lead to (empty: it stays).</summary>
public sealed record TransitionRule(string Event, IReadOnlyList<string> From, IReadOnlyList<string> To);
