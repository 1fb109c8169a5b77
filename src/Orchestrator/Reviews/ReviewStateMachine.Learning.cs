using MassTransit;
using Stateless;
using Orchestration.Contracts;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Retention;

namespace Orchestration.Orchestrator.Reviews;

public sealed partial class ReviewStateMachine
{
    private const string HeadOfServiceSuffix = "head-of-service";
    private const string ChiefOfficerSuffix = "chief-officer";

    private void DeclareLearningStage()
    {
        On(ActionPlanAgreed, [Published, NotPublished, NationalReview, AlternativeReview, NoFurtherReview, LearningRoute, LearningMonitoring],
            async (context, review) =>
            {
                var message = context.Message;
                var clash = message.Actions.Select(a => a.ActionId).FirstOrDefault(id => review.LearningActions.Any(a => a.ActionId == id));
                if (clash is not null)
                {
                    review.Scratch.Reject($"the plan already has an action '{clash}'");
                    return;
                }

                foreach (var action in message.Actions)
                {
                    review.LearningActions.Add(new LearningActionRecord(action.ActionId, action.Description, action.OwnerAgency, message.OccurredOn) { DueOn = action.DueOn });
                    ArmAction(review, action.ActionId, action.DueOn, message.OccurredOn);
                }

                review.Scratch.Note($"action plan agreed with {message.Actions.Count} action(s) (N18)");
                await context.TransitionToState(LearningMonitoring).ConfigureAwait(false);
            }, LearningMonitoring);

        On(LearningActionCompleted, [LearningMonitoring], async (context, review) =>
        {
            var message = context.Message;
            if (ActionThatCan(review, message.ActionId, LearningActionTrigger.Complete) is not { } found)
            {
                return;
            }

            var (action, lifecycle) = found;

            lifecycle.Fire(LearningActionTrigger.Complete);
            action.CompletedOn = message.OccurredOn;
            review.Scratch.Note($"action '{action.ActionId}' completed");
            procedure.Reach(review, Milestone.LearningActionCompleted, message.OccurredOn, action.ActionId);
            if (review.LearningActions.All(a => a.Status == LearningActionStatus.Completed))
            {
                review.ClosedOn = message.OccurredOn;
                review.ClosureReason = "every learning action is complete";
                review.Scratch.Note("every learning action is complete: the review closes");
                await context.TransitionToState(Closed).ConfigureAwait(false);
            }
        }, LearningMonitoring, Closed);

        On(LearningActionExtended, [LearningMonitoring], (context, review) =>
        {
            var message = context.Message;
            if (ActionThatCan(review, message.ActionId, LearningActionTrigger.Extend) is not { } found)
            {
                return;
            }

            var (action, lifecycle) = found;

            if (message.NewDueOn <= action.DueOn)
            {
                review.Scratch.Reject($"an extension must move the due date beyond {ReviewProcedure.Format(action.DueOn)}");
                return;
            }

            var chiefOfficerOnly = procedure.ProfileOf(review).Timetable.Any(e => e.Anchor == TimetableAnchor.LearningActionDue && e.Key.EndsWith(ChiefOfficerSuffix, StringComparison.Ordinal));
            if (chiefOfficerOnly && !IsChiefOfficer(message.RequestedBy))
            {
                review.Scratch.Reject("an extension is granted only at the chief officer's request (" + procedure.ProfileOf(review).Name + ", N18)");
                return;
            }

            lifecycle.Fire(LearningActionTrigger.Extend);
            action.DueOn = message.NewDueOn;
            action.Extensions++;
            procedure.Cancel(review, d => d.Subject == action.ActionId, $"action '{action.ActionId}' was extended");
            ArmAction(review, action.ActionId, message.NewDueOn, message.OccurredOn);
            review.Scratch.Note($"action '{action.ActionId}' extended to {ReviewProcedure.Format(message.NewDueOn)}");
        });
    }

    /// <summary>The plan's action and its lifecycle if the trigger is allowed now; otherwise rejects the event and returns null.</summary>
    private static (LearningActionRecord Action, StateMachine<LearningActionStatus, LearningActionTrigger> Lifecycle)? ActionThatCan(
        ReviewState review, string actionId, LearningActionTrigger trigger)
    {
        var action = review.LearningActions.FirstOrDefault(a => a.ActionId == actionId);
        if (action is null)
        {
            review.Scratch.Reject($"the plan has no action '{actionId}'");
            return null;
        }

        var lifecycle = LearningActionLifecycle.For(action);
        if (!lifecycle.CanFire(trigger))
        {
            review.Scratch.Reject($"action '{action.ActionId}' is {action.Status}");
            return null;
        }

        return (action, lifecycle);
    }

    private static bool IsChiefOfficer(string requestedBy) =>
        string.Equals(requestedBy.Replace(" ", string.Empty, StringComparison.Ordinal), nameof(RecipientRole.ChiefOfficer), StringComparison.OrdinalIgnoreCase);

    /// <summary>An action's own due date (N18) and the profile's escalation points counted from it.</summary>
    private void ArmAction(ReviewState review, string actionId, DateOnly dueOn, DateOnly armedOn)
    {
        procedure.AddDeadline(review, ReviewProcedure.LearningActionDueKey, "N18", $"Learning action '{actionId}' completed",
            Milestone.LearningActionCompleted, TimetableAnchor.LearningActionDue, dueOn, dueOn, null, null, armedOn, actionId);
        procedure.Arm(review, TimetableAnchor.LearningActionDue, dueOn, armedOn, actionId);
    }

    private void DeclareAnyTime()
    {
        On(LookedAfterChildDeathReported, All, async (context, review) =>
        {
            review.ChildDied = true;
            review.LookedAfterChild = true;
            var commands = OweLookedAfterChildDeath(review, context.Message.OccurredOn);
            if (commands.Count == 0)
            {
                review.Scratch.Note("the looked-after child's death was already notified (N3)");
            }

            Emit(context.Saga, commands);
        });

        On(ReviewClosed, [AwaitingDecision, NationalReview, AlternativeReview, NoFurtherReview, LearningRoute, Published, NotPublished, ReferredElsewhere],
            async (context, review) =>
            {
                review.ClosedOn = context.Message.OccurredOn;
                review.ClosureReason = context.Message.Reason;
                // The reason is free text that may describe the family: it stays with the review's personal fields
                // (encrypted, erased after the retention period), not on the timeline, which is kept for good.
                review.Scratch.Note("closed");
                procedure.Cancel(review, _ => true, "the review is closed");
                await context.TransitionToState(Closed).ConfigureAwait(false);
            }, Closed);

        On(PersonalDataErased, All, async (context, review) =>
        {
            var message = context.Message;
            if (message.Basis is not ("retention" or "request"))
            {
                review.Scratch.Reject($"the basis '{message.Basis}' is neither retention nor request");
                return;
            }

            var again = review.PersonalDataErasedOn is not null;
            var database = context.GetServiceOrCreateInstance<ReviewsDbContext>();
            await PersonalDataErasure.Erase(review, database, message.OccurredOn, context.CancellationToken).ConfigureAwait(false);

            // The workers' ledger holds the facts and addresses of the notifications sent: they go too.
            Emit(review, [new EraseDeliveryPersonalData(review.CorrelationId)]);
            review.Scratch.Note((again ? "personal data erased again" : "personal data erased")
                + (message.Basis == "retention" ? ": the retention period after closure ended" : $" on request of {message.RequestedBy ?? "an administrator"}")
                + "; the statutory record is kept");
        });

        On(StatutoryNotificationSent, All, (context, review) =>
        {
            var delivery = review.Deliveries.FirstOrDefault(d => d.IdempotencyKey == context.Message.IdempotencyKey);
            if (delivery is null)
            {
                review.Scratch.Reject("the review owes no notification with that key");
                return;
            }

            if (delivery is { Status: DeliveryStatus.Sent, SentOn: { } firstSent })
            {
                review.Scratch.Note($"{delivery.Kind} to {delivery.Recipient} was already recorded as sent on {ReviewProcedure.Format(firstSent)}");
                return;
            }

            delivery.Status = DeliveryStatus.Sent;
            delivery.SentOn = context.Message.OccurredOn;
            delivery.FailureReason = null;
            review.Scratch.Note($"{delivery.Kind} sent to {delivery.Recipient}");
            if (delivery is { Kind: NotificationKind.SeriousIncidentNotification, Recipient: RecipientRole.SafeguardingPartners })
            {
                procedure.Reach(review, Milestone.PartnersInformed, context.Message.OccurredOn);
            }

            if (delivery.Kind == NotificationKind.FinalReportCopy && review.RegulatorsCopiesSentOn is { } copiesSentOn)
            {
                procedure.Reach(review, Milestone.RegulatorsCopiesSent, copiesSentOn);
            }
        });

        On(StatutoryNotificationFailed, All, (context, review) =>
        {
            var delivery = review.Deliveries.FirstOrDefault(d => d.IdempotencyKey == context.Message.IdempotencyKey);
            if (delivery is null)
            {
                review.Scratch.Reject("the review owes no notification with that key");
                return;
            }

            if (delivery.Status == DeliveryStatus.Sent)
            {
                review.Scratch.Note($"{delivery.Kind} to {delivery.Recipient} was already sent; a late failure report changes nothing");
                return;
            }

            delivery.Status = context.Message.Permanent ? DeliveryStatus.DeadLettered : DeliveryStatus.Failed;
            delivery.FailureReason = context.Message.Reason;
            review.Scratch.Note($"{delivery.Kind} to {delivery.Recipient} failed" + (context.Message.Permanent ? "; dead-lettered" : "; retrying"));
        });

        On(DeliveryRetryRequested, All, (context, review) =>
        {
            var message = context.Message;
            var delivery = review.Deliveries.FirstOrDefault(d => d.IdempotencyKey == message.IdempotencyKey);
            if (delivery is null)
            {
                review.Scratch.Reject("the review owes no notification with that key");
                return;
            }

            if (delivery.Status is not (DeliveryStatus.Failed or DeliveryStatus.DeadLettered))
            {
                review.Scratch.Reject($"only a failed or dead-lettered notification can be retried; {delivery.Kind} to {delivery.Recipient} is {delivery.Status}");
                return;
            }

            delivery.Retries++;
            delivery.Status = DeliveryStatus.Requested;
            review.Scratch.Note($"retry {delivery.Retries} of {delivery.Kind} to {delivery.Recipient} ({delivery.FailureReason}) requested by {message.RequestedBy}: {message.Reason}");
            Emit(review, [new RetryStatutoryNotification(review.CorrelationId, delivery.IdempotencyKey, delivery.Retries, message.RequestedBy)]);
        });

        On(PublicationCleared, [PublicationPending], (context, review) =>
            review.Scratch.Note($"the publication gate cleared {ReviewProcedure.Format(context.Message.PublishOn)}"));

        On(PublicationBlocked, [PublicationPending], (context, review) =>
            review.Scratch.Note($"the publication gate blocked {ReviewProcedure.Format(context.Message.RequestedPublishOn)}: {context.Message.Reason}"));

        On(DeadlineApproaching, All, async (context, review) =>
        {
            var deadline = review.Deadlines.FirstOrDefault(d => d.Id == context.Message.DeadlineId);
            if (deadline is not { Status: DeadlineStatus.Open })
            {
                review.Scratch.Note("the deadline is no longer open; no reminder");
                return;
            }

            var commands = procedure.Owe(review, NotificationKind.DeadlineReminder, deadline.Rule, context.Message.OccurredOn, deadline.DueOn,
                deadline.RecountedOn is null ? $"reminder:{deadline.Id:N}" : $"reminder:{deadline.Id:N}:{Date(deadline.DueOn)}", Facts(("deadline", deadline.Name), ("dueOn", Date(deadline.DueOn))), RecipientRole.BusinessUnit);
            Emit(context.Saga, commands);
        });

        On(DeadlineMissed, All, DeadlinePassed);
        On(BankHolidaysChanged, All, BankHolidaysMoved);
    }

    /// <summary>
    /// The bank holidays changed: the open deadlines are counted again, each date moved is written on the timeline
    /// (before, after, why) and the business unit is told of it. Met and missed deadlines stay as they were.
    /// </summary>
    private void BankHolidaysMoved(BehaviorContext<ReviewState, BankHolidaysChanged> context, ReviewState review)
    {
        var message = context.Message;
        var changes = string.Join(", ", message.AddedDays.Select(d => "+" + ReviewProcedure.Format(d)).Concat(message.RemovedDays.Select(d => "-" + ReviewProcedure.Format(d))));
        review.Scratch.Note($"bank holidays changed (calendar change {message.CalendarRevision}: {changes}): {message.Reason}");
        var moved = procedure.Recount(review, message.OccurredOn);
        if (moved.Count == 0)
        {
            review.Scratch.Note("no open deadline moved");
            return;
        }

        var commands = new List<SendStatutoryNotification>();
        foreach (var (deadline, previousDue, previousOpens) in moved)
        {
            var window = previousOpens is { } opens && deadline.OpensOn is { } nowOpens && opens != nowOpens
                ? $" (window opens {ReviewProcedure.Format(opens)} -> {ReviewProcedure.Format(nowOpens)})"
                : string.Empty;
            review.Scratch.Note($"deadline {deadline.Rule} '{deadline.Name}' due {ReviewProcedure.Format(previousDue)} -> {ReviewProcedure.Format(deadline.DueOn)}{window}");
            if (deadline.DueOn != previousDue)
            {
                commands.AddRange(procedure.Owe(review, NotificationKind.DeadlineMoved, deadline.Rule, message.OccurredOn, message.OccurredOn,
                    $"moved:{deadline.Id:N}:{message.CalendarRevision}",
                    Facts(("deadline", deadline.Name), ("dueOn", Date(deadline.DueOn)), ("previousDueOn", Date(previousDue)), ("reason", message.Reason)),
                    RecipientRole.BusinessUnit));
            }
        }

        Emit(context.Saga, commands);
    }

    /// <summary>A deadline passed unmet: the breach is recorded and the business unit told; a learning action moves along its lifecycle and escalates.</summary>
    private async Task DeadlinePassed(BehaviorContext<ReviewState, DeadlineMissed> context, ReviewState review)
    {
        var message = context.Message;
        var deadline = review.Deadlines.FirstOrDefault(d => d.Id == message.DeadlineId);
        if (deadline is not { Status: DeadlineStatus.Open })
        {
            review.Scratch.Note("the deadline is no longer open; nothing to do");
            return;
        }

        if (deadline.SatisfiedBy == Milestone.AvailabilityPeriodCompleted)
        {
            // The end of the availability period is its fulfilment, not a breach (N12).
            procedure.Reach(review, Milestone.AvailabilityPeriodCompleted, deadline.DueOn);
            review.Scratch.Note($"the published report's availability period ended on {ReviewProcedure.Format(deadline.DueOn)} (N12)");
            return;
        }

        deadline.Status = DeadlineStatus.Missed;
        review.Scratch.Note($"deadline {deadline.Rule} '{deadline.Name}' missed (due {ReviewProcedure.Format(deadline.DueOn)})" + (message.Late ? ", noticed late" : string.Empty));
        var commands = new List<SendStatutoryNotification>();
        var action = deadline.Subject is null ? null : review.LearningActions.FirstOrDefault(a => a.ActionId == deadline.Subject);
        if (action is not null && action.Status != LearningActionStatus.Completed)
        {
            var lifecycle = LearningActionLifecycle.For(action);
            var (trigger, role) = deadline.Key switch
            {
                ReviewProcedure.LearningActionDueKey => (LearningActionTrigger.PassDue, (RecipientRole?)null),
                var key when key.EndsWith(HeadOfServiceSuffix, StringComparison.Ordinal) => (LearningActionTrigger.EscalateToHeadOfService, RecipientRole.HeadOfService),
                var key when key.EndsWith(ChiefOfficerSuffix, StringComparison.Ordinal) => (LearningActionTrigger.EscalateToChiefOfficer, RecipientRole.ChiefOfficer),
                _ => (LearningActionTrigger.PassDue, (RecipientRole?)null),
            };
            if (lifecycle.CanFire(trigger))
            {
                lifecycle.Fire(trigger);
                review.Scratch.Note($"action '{action.ActionId}' is now {action.Status}");
            }

            if (role is { } escalateTo)
            {
                commands.AddRange(procedure.Owe(review, NotificationKind.LearningActionEscalation, deadline.Rule, message.OccurredOn, message.OccurredOn,
                    $"escalation:{action.ActionId}:{escalateTo}", Facts(("action", action.ActionId), ("dueOn", Date(action.DueOn))), escalateTo));
            }
        }

        commands.AddRange(procedure.Owe(review, NotificationKind.DeadlineBreach, deadline.Rule, message.OccurredOn, message.OccurredOn,
            $"breach:{deadline.Id:N}", Facts(("deadline", deadline.Name), ("dueOn", Date(deadline.DueOn))), RecipientRole.BusinessUnit));
        Emit(context.Saga, commands);
    }
}
