using MassTransit;
using Orchestration.Contracts;
using Orchestration.Domain.Profiles;

namespace Orchestration.Orchestrator.Reviews;

public sealed partial class ReviewStateMachine
{
    private void DeclareLocalReviewStage()
    {
        On(CsprCommissioned, [RapidReviewSubmitted, LocalReview], async (context, review) =>
        {
            if (review.Outcome != RapidReviewOutcome.LocalReview)
            {
                review.Scratch.Reject($"the Rapid Review outcome is {review.Outcome}, not a local CSPR");
                return;
            }

            if (review.CommissionedOn is not null)
            {
                review.Scratch.Reject("the CSPR is already commissioned");
                return;
            }

            review.CommissionedOn = context.Message.OccurredOn;
            review.Scratch.Note($"local CSPR commissioned; N7's six months run from the decision of {ReviewProcedure.Format(review.DecisionOn!.Value)}");
            await context.TransitionToState(LocalReview).ConfigureAwait(false);
        }, LocalReview);

        On(LeadReviewerAppointed, [LocalReview], async (context, review) =>
        {
            var message = context.Message;
            if (review.CommissionedOn is null)
            {
                review.Scratch.Reject("the CSPR has not been commissioned");
                return;
            }

            review.LeadReviewer = message.ReviewerName;
            if (message.ConflictOfInterestDeclared)
            {
                review.LeadReviewerConflicted = true;
                review.LeadReviewerAppointedOn = null;
                review.Scratch.Note("the proposed lead reviewer declared a conflict of interest: not appointed until it is resolved (N16)");
                return;
            }

            review.LeadReviewerConflicted = false;
            review.LeadReviewerAppointedOn = message.OccurredOn;
            review.Scratch.Note("lead reviewer appointed with no conflict of interest (N16)");
            var commands = procedure.Owe(review, NotificationKind.CsprCommissioned, "N9", message.OccurredOn, message.OccurredOn,
                "lead-reviewer:" + message.ReviewerName.Trim().ToUpperInvariant(),
                Facts(("leadReviewer", message.ReviewerName), ("commissionedOn", Date(review.CommissionedOn.Value))));
            Emit(context.Saga, commands);
        });

        On(TermsOfReferenceAgreed, [LocalReview], (context, review) =>
        {
            review.TermsOfReferenceOn = context.Message.OccurredOn;
            review.Scratch.Note("terms of reference agreed");
        });

        On(FamilyEngagementRecorded, [LocalReview, AlternativeReview, NoFurtherReview, LearningRoute, NationalReview], (context, review) =>
        {
            var message = context.Message;
            review.FamilyEngagement.Add(new FamilyEngagement(message.OccurredOn, message.Invited, message.Participated, message.ReasonNotInvolved));
            review.Scratch.Note(message.Participated
                ? "the family is contributing (N15)"
                : "the family is not involved; the reason is recorded (N15)");
        });

        On(ParallelProceedingRecorded, [.. OpenStates.Except([Published, NotPublished, LearningMonitoring])], (context, review) =>
        {
            var message = context.Message;
            if (review.Proceedings.Any(p => p.ProceedingId == message.ProceedingId))
            {
                review.Scratch.Reject("that parallel proceeding is already recorded");
                return;
            }

            review.Proceedings.Add(new ProceedingRecord(message.ProceedingId, message.Kind, message.HoldsPublication, message.OccurredOn));
            review.Scratch.Note($"parallel proceeding recorded: {message.Kind}" + (HoldsPublication(review, message.Kind, message.HoldsPublication) ? ", holding publication (N17)" : string.Empty));
        });

        On(ParallelProceedingConcluded, [.. OpenStates.Except([Published, NotPublished, LearningMonitoring])], (context, review) =>
        {
            var proceeding = review.Proceedings.FirstOrDefault(p => p.ProceedingId == context.Message.ProceedingId);
            if (proceeding is null || proceeding.ConcludedOn is not null)
            {
                review.Scratch.Reject("no open parallel proceeding has that id");
                return;
            }

            proceeding.ConcludedOn = context.Message.OccurredOn;
            review.Scratch.Note($"parallel proceeding concluded: {proceeding.Kind}");
        });

        On(DelayReported, [LocalReview, PublicationPending], async (context, review) =>
        {
            var message = context.Message;
            review.Delays.Add(new DelayRecord(message.OccurredOn, message.ExpectedPublicationOn));
            review.Scratch.Note($"delay reported: publication expected {ReviewProcedure.Format(message.ExpectedPublicationOn)} (N8)");
            var commands = procedure.Owe(review, NotificationKind.PublicationDelay, "N8", message.OccurredOn, message.OccurredOn,
                "delay:" + Date(message.OccurredOn),
                Facts(("reason", message.Reason), ("expectedPublicationOn", Date(message.ExpectedPublicationOn))));
            Emit(context.Saga, commands);
        });

        On(FinalReportSignedOff, [LocalReview], async (context, review) =>
        {
            var missing = new List<string>();
            if (review.LeadReviewerAppointedOn is null)
            {
                missing.Add(review.LeadReviewerConflicted ? "a lead reviewer without a conflict of interest (N16)" : "a lead reviewer");
            }

            if (review.TermsOfReferenceOn is null)
            {
                missing.Add("agreed terms of reference");
            }

            if (review.FamilyEngagement.Count == 0)
            {
                missing.Add("a record of the family's involvement or the reason for its absence (N15)");
            }

            if (missing.Count > 0)
            {
                review.Scratch.Reject("the final report cannot be signed off without " + string.Join(", ", missing));
                return;
            }

            review.SignedOffOn = context.Message.OccurredOn;
            review.Scratch.Note("final report signed off");
            await context.TransitionToState(PublicationPending).ConfigureAwait(false);
        }, PublicationPending);

        On(PublicationScheduled, [PublicationPending], SchedulePublication);

        On(ReportDocumentAttached, [LocalReview, PublicationPending], (context, review) =>
        {
            var message = context.Message;
            if (review.PublishOn is not null)
            {
                review.Scratch.Reject("the report is fixed once publication is scheduled: the regulators' copies carry it (N10)");
                return;
            }

            if (review.LatestReport(message.Kind == ReportDocumentKind.LearningOnly)?.Document.Sha256 == message.Document.Sha256)
            {
                review.Scratch.Note("the same report was uploaded again; nothing changed");
                return;
            }

            review.Documents.Add(new ReportDocumentRecord(message.Kind, message.Document, message.OccurredOn));
            review.Scratch.Note($"{(message.Kind == ReportDocumentKind.FinalReport ? "final report" : "learning-only report")} attached ({message.Document.MediaType}, {message.Document.Length} bytes, sha256 {message.Document.Sha256[..12]})");
        });

        On(DecisionNotToPublish, [PublicationPending], async (context, review) =>
        {
            var message = context.Message;
            review.NotPublishedOn = message.OccurredOn;
            review.Scratch.Note("the partners decided not to publish; the justification goes to the Panel and the Secretary of State (N11)");
            procedure.Cancel(review, d => d.SatisfiedBy is Milestone.Publication or Milestone.RegulatorsCopiesSent, "the report is not to be published");
            var commands = procedure.Owe(review, NotificationKind.DecisionNotToPublish, "N11", message.OccurredOn, message.OccurredOn, "not-published",
                Facts(("justification", message.Justification)));
            Emit(context.Saga, commands);
            await context.TransitionToState(NotPublished).ConfigureAwait(false);
        }, NotPublished);

        On(ReportPublished, [PublicationPending], async (context, review) =>
        {
            var message = context.Message;
            if (review.PublishOn is null)
            {
                review.Scratch.Reject("no publication date has been scheduled");
                return;
            }

            if (HeldBy(review) is { } hold)
            {
                review.Scratch.Reject($"publication is held by a parallel proceeding ({hold.Kind}, N17)");
                return;
            }

            if (review.RegulatorsCopiesSentOn is not { } lastSent)
            {
                review.Scratch.Reject("the regulators' copies of the final report have not all been sent (N10)");
                return;
            }

            if (procedure.LatestCopiesDate(review, message.PublishedOn) is { } latest && latest < lastSent)
            {
                review.Scratch.EarliestCompliantPublicationDate = procedure.EarliestCompliantPublicationDate(review, lastSent);
                review.Scratch.Reject($"publishing on {ReviewProcedure.Format(message.PublishedOn)} needs the copies sent by {ReviewProcedure.Format(latest)}, but the last went on {ReviewProcedure.Format(lastSent)} (N10)");
                return;
            }

            review.PublishedOn = message.PublishedOn;
            review.PublishedUrl = message.Url;
            review.Scratch.Note($"published on {ReviewProcedure.Format(message.PublishedOn)}; available until at least {ReviewProcedure.Format(message.PublishedOn.AddMonths(12))} (N12)");
            procedure.Reach(review, Milestone.Publication, message.PublishedOn);
            procedure.ArmAvailability(review, message.PublishedOn, message.OccurredOn);
            var key = $"{review.CorrelationId:N}:{NotificationKind.PublishedReport}:{RecipientRole.NspccRepository}:published";
            if (review.Deliveries.All(d => d.IdempotencyKey != key))
            {
                review.Deliveries.Add(new DeliveryRecord(key, NotificationKind.PublishedReport, RecipientRole.NspccRepository, "N13", message.OccurredOn, message.OccurredOn));
                review.Scratch.Note("submission to the NSPCC repository owed (N13)");
                Emit(review, [new SubmitToNspccRepository(review.CorrelationId, message.Url, message.PublishedOn, key, review.Partnership, review.LatestReport(review.LearningOnly)?.Document)]);
            }

            await context.TransitionToState(Published).ConfigureAwait(false);
        }, Published);
    }

    /// <summary>
    /// Accepts a publication date only if the regulators' copies can still go by the profile's latest
    /// compliant date (N10) and nothing holds publication (N17); otherwise answers with the earliest date that complies.
    /// </summary>
    private async Task SchedulePublication(BehaviorContext<ReviewState, PublicationScheduled> context, ReviewState review)
    {
        var message = context.Message;
        if (HeldBy(review) is { } hold)
        {
            review.Scratch.Reject($"publication is held by a parallel proceeding ({hold.Kind}, N17)");
            return;
        }

        if (review.LatestReport(message.LearningOnly) is not { } document)
        {
            var kind = message.LearningOnly ? ReportDocumentKind.LearningOnly : ReportDocumentKind.FinalReport;
            review.Scratch.Reject($"no {(message.LearningOnly ? "learning-only report" : "final report")} is attached to go to the regulators (N10): upload it first (POST /api/reviews/{review.CorrelationId}/documents?kind={kind})");
            return;
        }

        var latestCopies = procedure.LatestCopiesDate(review, message.PublishOn);
        var copiesSentOn = review.RegulatorsCopiesSentOn;
        if (copiesSentOn is null && latestCopies is { } latest && latest < message.OccurredOn)
        {
            var earliest = procedure.EarliestCompliantPublicationDate(review, message.OccurredOn);
            review.Scratch.EarliestCompliantPublicationDate = earliest;
            review.Scratch.Reject($"the regulators' copies would be due by {ReviewProcedure.Format(latest)}, before today (N10); the earliest compliant publication date is {ReviewProcedure.Format(earliest)}");
            return;
        }

        if (copiesSentOn is { } sentOn && latestCopies is { } latestForSent && latestForSent < sentOn)
        {
            // Sending the copies again cannot make the last one earlier: the date must suit the copies already sent.
            var earliest = procedure.EarliestCompliantPublicationDate(review, sentOn);
            review.Scratch.EarliestCompliantPublicationDate = earliest;
            review.Scratch.Reject($"publishing on {ReviewProcedure.Format(message.PublishOn)} needs the copies sent by {ReviewProcedure.Format(latestForSent)}, but the last went on {ReviewProcedure.Format(sentOn)} (N10); the earliest compliant publication date is {ReviewProcedure.Format(earliest)}");
            return;
        }

        if (review.PublishOn is not null)
        {
            procedure.Cancel(review, d => d.Anchor == TimetableAnchor.Publication, "the publication date moved");
        }

        review.PublishOn = message.PublishOn;
        review.LearningOnly = message.LearningOnly;
        review.Scratch.Note($"publication scheduled for {ReviewProcedure.Format(message.PublishOn)}" + (message.LearningOnly ? " (learning only)" : string.Empty));
        procedure.Arm(review, TimetableAnchor.Publication, message.PublishOn, message.OccurredOn);
        var dueOn = latestCopies ?? message.OccurredOn;
        if (copiesSentOn is { } alreadySent)
        {
            // The copies already went, in time for this date too (checked above): the new date's duty is met.
            procedure.Reach(review, Milestone.RegulatorsCopiesSent, alreadySent);
        }

        foreach (var copy in review.Deliveries.Where(d => d.Kind == NotificationKind.FinalReportCopy && d.Status != DeliveryStatus.Sent))
        {
            // Owed once, whatever the date: a copy not yet sent is now due by the new date's latest.
            copy.DueOn = dueOn;
        }

        var facts = Facts(("publishOn", Date(message.PublishOn)), ("learningOnly", message.LearningOnly ? "true" : "false"));
        var commands = new List<SendStatutoryNotification>();
        commands.AddRange(procedure.Owe(review, NotificationKind.FinalReportCopy, "N10", message.OccurredOn, dueOn, "final-report", facts,
            attachments: [document.Document]));
        commands.AddRange(procedure.Owe(review, NotificationKind.PublicationDate, null, message.OccurredOn, dueOn, "publish-on:" + Date(message.PublishOn), facts));
        Emit(context.Saga, commands);
    }

    private ProceedingRecord? HeldBy(ReviewState review) =>
        review.Proceedings.FirstOrDefault(p => p.ConcludedOn is null && HoldsPublication(review, p.Kind, p.HoldsPublication));

    /// <summary>Whether a proceeding holds publication: as recorded, or by the profile (Northamptonshire: until a prosecution completes).</summary>
    private bool HoldsPublication(ReviewState review, ParallelProceedingKind kind, bool recorded) =>
        recorded || (kind == ParallelProceedingKind.Prosecution && procedure.ProfileOf(review).Publication.HoldUntilProsecutionConcludes);
}
