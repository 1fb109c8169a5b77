using MassTransit;
using Orchestration.Contracts;
using Orchestration.Domain.Profiles;
using StatutoryPartner = Orchestration.Contracts.StatutoryPartner;

namespace Orchestration.Orchestrator.Reviews;

public sealed partial class ReviewStateMachine
{
    private void DeclareRapidReviewStage()
    {
        On(SeriousIncidentNotified, [AwaitingDecision, RapidReview, RapidReviewSubmitted], (context, review) =>
        {
            if (review.NotifiedOn is { } earlier)
            {
                review.Scratch.Reject($"the National Panel was already notified on {ReviewProcedure.Format(earlier)}");
                return;
            }

            review.NotifiedOn = context.Message.OccurredOn;
            review.Scratch.Note("the local authority notified the National Panel (N2)");
            procedure.Reach(review, Milestone.PanelNotified, context.Message.OccurredOn);
        });

        On(NationalPanelAcknowledged, [AwaitingDecision, RapidReview, RapidReviewSubmitted], (context, review) =>
        {
            var message = context.Message;
            if (review.NotifiedOn is null)
            {
                review.Scratch.Reject("the National Panel cannot acknowledge a notification that is not recorded: record SeriousIncidentNotified first");
                return;
            }

            if (review.PanelAcknowledgedOn is not null)
            {
                review.Scratch.Reject("the National Panel's acknowledgement is already recorded");
                return;
            }

            review.PanelAcknowledgedOn = message.OccurredOn;
            review.PanelExpectedResponseOn = message.ExpectedResponseOn;
            review.Scratch.Note($"the National Panel acknowledged; it expects to respond by {ReviewProcedure.Format(message.ExpectedResponseOn)}");
            procedure.Arm(review, TimetableAnchor.PanelAcknowledged, message.OccurredOn, message.OccurredOn);
            procedure.Reach(review, Milestone.PanelAcknowledged, message.OccurredOn);
        });

        On(InformationRequestsSent, [RapidReview], async (context, review) =>
        {
            var message = context.Message;
            foreach (var agency in message.Agencies)
            {
                review.AgencyRequests.RemoveAll(r => string.Equals(r.Agency, agency, StringComparison.OrdinalIgnoreCase) && r.ReturnedOn is null);
                review.AgencyRequests.Add(new AgencyRequest(agency, message.OccurredOn, message.DueOn));
            }

            review.Scratch.Note($"information requested from {message.Agencies.Count} agencies, due {ReviewProcedure.Format(message.DueOn)}");
            procedure.Arm(review, TimetableAnchor.InformationRequested, message.OccurredOn, message.OccurredOn);
            procedure.Reach(review, Milestone.InformationRequested, message.OccurredOn);
            var commands = message.Agencies.SelectMany(agency => procedure.Owe(review, NotificationKind.InformationRequest, null,
                message.OccurredOn, message.OccurredOn, "request:" + agency.ToUpperInvariant(), Facts(("agency", agency), ("dueOn", Date(message.DueOn))),
                RecipientRole.Agencies)).ToList();
            Emit(context.Saga, commands);
        });

        On(AgencyInformationReturned, [RapidReview, RapidReviewSubmitted], (context, review) =>
        {
            var message = context.Message;
            var request = review.AgencyRequests.FirstOrDefault(r => string.Equals(r.Agency, message.Agency, StringComparison.OrdinalIgnoreCase) && r.ReturnedOn is null);
            if (request is null)
            {
                review.Scratch.Reject($"no information request to '{message.Agency}' is awaiting a return");
                return;
            }

            request.ReturnedOn = message.OccurredOn;
            request.NoRecords = message.NoRecords;
            review.Scratch.Note(message.NoRecords ? $"{request.Agency} holds no records" : $"{request.Agency} returned its information");
            if (review.AgencyRequests.All(r => r.ReturnedOn is not null))
            {
                review.Scratch.Note("every agency asked has returned");
                procedure.Reach(review, Milestone.AgencyReturnsComplete, message.OccurredOn);
            }
        });

        On(RapidReviewMeetingScheduled, [RapidReview], (context, review) =>
        {
            review.MeetingScheduledFor = context.Message.ScheduledFor;
            review.Scratch.Note($"Rapid Review meeting set for {ReviewProcedure.Format(context.Message.ScheduledFor)}");
            procedure.Reach(review, Milestone.RapidReviewMeetingScheduled, context.Message.OccurredOn);
        });

        On(RapidReviewMeetingHeld, [RapidReview], (context, review) =>
        {
            var message = context.Message;
            var quorum = procedure.QuorumOf(review);
            var partners = message.Attendees.Where(a => a.Partner is not null).Select(a => a.Partner!.Value).Distinct().ToList();
            var quorate = quorum.IsMetBy(message.Attendees.Select(a => a.Partner?.ToProfile()));
            review.Meetings.Add(new MeetingRecord(message.OccurredOn, message.Attendees.Count, partners, quorate));
            if (!quorate)
            {
                var missing = quorum.RequiredPartners.Select(p => p.ToContract()).Where(p => !partners.Contains(p)).ToList();
                review.Scratch.Note($"the meeting was not quorate ({quorum.Source}): {message.Attendees.Count} present, partners {Describe(partners)}"
                    + (missing.Count > 0 ? $", missing {string.Join(", ", missing)}" : string.Empty)
                    + "; it is recorded and does not count as the Rapid Review meeting");
                return;
            }

            if (review.MeetingOn is not null)
            {
                review.Scratch.Note("a further quorate meeting; the Rapid Review meeting remains the first");
                return;
            }

            review.MeetingOn = message.OccurredOn;
            review.Scratch.Note($"the Rapid Review meeting was held, quorate with {Describe(partners)}");
            procedure.Arm(review, TimetableAnchor.RapidReviewMeetingHeld, message.OccurredOn, message.OccurredOn);
            procedure.Reach(review, Milestone.RapidReviewMeetingHeld, message.OccurredOn);
        });

        On(RapidReviewReportDrafted, [RapidReview], (context, review) =>
        {
            if (review.MeetingOn is null)
            {
                review.Scratch.Reject("no quorate Rapid Review meeting has been held");
                return;
            }

            review.ReportDraftedOn = context.Message.OccurredOn;
            review.Scratch.Note("the Rapid Review report is drafted");
            procedure.Reach(review, Milestone.RapidReviewReportDrafted, context.Message.OccurredOn);
        });

        On(RapidReviewReportEndorsed, [RapidReview], (context, review) =>
        {
            if (review.ReportDraftedOn is null)
            {
                review.Scratch.Reject("the Rapid Review report has not been drafted");
                return;
            }

            var added = context.Message.EndorsedBy.Where(p => !review.Endorsements.Contains(p)).Distinct().ToList();
            review.Endorsements.AddRange(added);
            review.Scratch.Note($"endorsed by {Describe(context.Message.EndorsedBy.Distinct().ToList())}");
            var outstanding = AllPartners.Where(p => !review.Endorsements.Contains(p)).ToList();
            if (outstanding.Count == 0)
            {
                review.Scratch.Note("every statutory partner has endorsed the report");
                procedure.Reach(review, Milestone.RapidReviewReportEndorsed, context.Message.OccurredOn);
            }
            else
            {
                review.Scratch.Note($"awaiting endorsement by {string.Join(", ", outstanding)}");
            }
        });

        On(RapidReviewOutcomeDecided, [RapidReview, RapidReviewSubmitted], DecideOutcome, RapidReviewSubmitted);

        On(NationalPanelResponded, [RapidReviewSubmitted], async (context, review) =>
        {
            var message = context.Message;
            review.PanelRespondedOn = message.OccurredOn;
            if (message.NationalReview)
            {
                review.Scratch.Note("the National Panel will carry out a national review");
                procedure.Cancel(review, d => d.Anchor == TimetableAnchor.CsprInitiated, "the review is the National Panel's");
                await context.TransitionToState(NationalReview).ConfigureAwait(false);
                return;
            }

            if (!message.AgreesWithOutcome)
            {
                review.Scratch.Note("the National Panel does not agree with the outcome: the partners are to revise it");
                return;
            }

            review.Scratch.Note("the National Panel agrees with the outcome");
            var next = review.Outcome switch
            {
                RapidReviewOutcome.LocalReview => LocalReview,
                RapidReviewOutcome.NationalReview => NationalReview,
                RapidReviewOutcome.NoFurtherReview => NoFurtherReview,
                RapidReviewOutcome.LearningRoute => LearningRoute,
                _ => AlternativeReview,
            };
            await context.TransitionToState(next).ConfigureAwait(false);
        }, RapidReviewSubmitted, NationalReview, LocalReview, AlternativeReview, NoFurtherReview, LearningRoute);
    }

    /// <summary>
    /// The partners' decision on the outcome (N6): the report and decision go to the National Panel (N5),
    /// agencies and the referrer hear the outcome, and for a local CSPR the six months of N7 start.
    /// </summary>
    private async Task DecideOutcome(BehaviorContext<ReviewState, RapidReviewOutcomeDecided> context, ReviewState review)
    {
        var message = context.Message;
        var outstanding = AllPartners.Where(p => !review.Endorsements.Contains(p)).ToList();
        if (outstanding.Count > 0)
        {
            review.Scratch.Reject($"the Rapid Review report is not endorsed by {string.Join(", ", outstanding)}");
            return;
        }

        if (review.PanelRespondedOn is not null)
        {
            review.Scratch.Reject("the National Panel has responded; the outcome is settled");
            return;
        }

        var revising = review.Outcome is not null;
        if (revising && review.Outcome == RapidReviewOutcome.LocalReview && message.Outcome != RapidReviewOutcome.LocalReview)
        {
            procedure.Cancel(review, d => d.Anchor == TimetableAnchor.CsprInitiated, "the outcome is no longer a local CSPR");
        }

        review.Outcome = message.Outcome;
        review.AlternativeReviewType = message.AlternativeReviewType;
        review.DecisionOn = message.OccurredOn;
        review.Scratch.Note(revising ? $"the outcome is revised to {message.Outcome}" : $"outcome: {message.Outcome}");
        if (review.SubmittedOn is null)
        {
            review.SubmittedOn = message.OccurredOn;
            procedure.Arm(review, TimetableAnchor.ReportSubmittedToPanel, message.OccurredOn, message.OccurredOn);
            procedure.Reach(review, Milestone.ReportSubmittedToPanel, message.OccurredOn);
        }

        if (message.Outcome == RapidReviewOutcome.LocalReview)
        {
            procedure.Arm(review, TimetableAnchor.CsprInitiated, message.OccurredOn, message.OccurredOn);
        }

        var facts = Facts(("outcome", message.Outcome.ToString()), ("decidedOn", Date(message.OccurredOn)));
        var discriminator = "outcome:" + message.Outcome;
        var commands = new List<SendStatutoryNotification>();
        commands.AddRange(procedure.Owe(review, NotificationKind.RapidReviewOutcome, "N5", message.OccurredOn, message.OccurredOn, discriminator, facts));
        commands.AddRange(procedure.Owe(review, NotificationKind.ReviewOutcome, null, message.OccurredOn,
            procedure.Calendar.AddWorkingDays(message.OccurredOn, 5), discriminator, facts));
        Emit(context.Saga, commands);
        await context.TransitionToState(RapidReviewSubmitted).ConfigureAwait(false);
    }

    private static string Describe(List<StatutoryPartner> partners) =>
        partners.Count == 0 ? "none" : string.Join(", ", partners);
}
