using MassTransit;
using Orchestration.Contracts;
using Orchestration.Domain.Profiles;

namespace Orchestration.Orchestrator.Reviews;

public sealed partial class ReviewStateMachine
{
    private void DeclareReferralStage()
    {
        On(TriageRecommendationMade, [AwaitingDecision, RapidReview], (context, review) =>
        {
            var message = context.Message;
            review.Recommendations.Add(new Recommendation(message.Recommendation, message.OccurredOn, message.Reason));
            review.Scratch.Note($"recommended: {message.Recommendation}");
            procedure.Reach(review, Milestone.RecommendationMade, message.OccurredOn);
        });

        On(PartnerDecisionRecorded, [AwaitingDecision], DecideRoute,
            AwaitingDecision, RapidReview, LearningRoute, ReferredElsewhere, Closed);
    }

    /// <summary>
    /// Records one partner's say and decides the route when the profile's rule is satisfied: a body that
    /// recommends speaks first (Warrington's advisors); the three partners must agree, except where a
    /// split vote presumes a Rapid Review (Gloucestershire).
    /// </summary>
    private async Task DecideRoute(BehaviorContext<ReviewState, PartnerDecisionRecorded> context, ReviewState review)
    {
        var message = context.Message;
        var profile = procedure.ProfileOf(review);
        var route = procedure.RouteOf(review)!;
        var recommender = route.DecidedBy
            .Select(key => profile.Bodies.FirstOrDefault(b => b.Key == key))
            .FirstOrDefault(b => b is { Function: BodyFunction.Recommends });
        if (recommender is not null && review.Recommendations.Count == 0)
        {
            review.Scratch.Reject($"{recommender.Name} must recommend before the partners decide ({route.Source})");
            return;
        }

        review.PartnerVotes.RemoveAll(v => v.Partner == message.Partner);
        review.PartnerVotes.Add(new PartnerVote(message.Partner, message.Decision, message.OccurredOn, message.Reason));
        review.Scratch.Note($"{message.Partner} decided {message.Decision}");

        var waitingFor = AllPartners.Where(p => review.PartnerVotes.All(v => v.Partner != p)).ToList();
        if (waitingFor.Count > 0)
        {
            review.Scratch.Note($"waiting for {string.Join(", ", waitingFor)}");
            return;
        }

        var decisions = review.PartnerVotes.Select(v => v.Decision).Distinct().ToList();
        PartnerDecision decision;
        if (decisions.Count == 1)
        {
            decision = decisions[0];
        }
        else if (route.Decision == RouteDecision.PartnerVoteSplitPresumesRapidReview)
        {
            decision = PartnerDecision.RapidReview;
            review.Scratch.Note($"the vote is split: a Rapid Review is presumed ({route.Source})");
        }
        else
        {
            review.Scratch.Note("the partners disagree: no decision until they agree");
            return;
        }

        await ApplyRouteDecision(context, review, decision, message.OccurredOn).ConfigureAwait(false);
    }

    private async Task ApplyRouteDecision(BehaviorContext<ReviewState> context, ReviewState review, PartnerDecision decision, DateOnly on)
    {
        review.RouteDecidedOn = on;
        procedure.Arm(review, TimetableAnchor.DecisionMade, on, on);
        procedure.Reach(review, Milestone.DecisionMade, on);
        var commands = new List<SendStatutoryNotification>();
        var outcome = Facts(("outcome", decision.ToString()), ("decidedOn", Date(on)));
        switch (decision)
        {
            case PartnerDecision.RapidReview:
                review.Scratch.Note("the partners decided on a Rapid Review");
                await context.TransitionToState(RapidReview).ConfigureAwait(false);
                break;
            case PartnerDecision.LearningAndDevelopment:
                procedure.Cancel(review, d => d.SatisfiedBy != Milestone.DecisionMade, "the case goes to the learning route, not a Rapid Review");
                commands.AddRange(procedure.Owe(review, NotificationKind.ReviewOutcome, null, on, procedure.Calendar.AddWorkingDays(on, 5), "route", outcome));
                await context.TransitionToState(LearningRoute).ConfigureAwait(false);
                break;
            case PartnerDecision.ChildDeathReview:
                review.ClosureReason = "referred to the child death review process";
                procedure.Cancel(review, d => d.SatisfiedBy != Milestone.DecisionMade, review.ClosureReason);
                commands.AddRange(procedure.Owe(review, NotificationKind.ReviewOutcome, null, on, procedure.Calendar.AddWorkingDays(on, 5), "route", outcome));
                await context.TransitionToState(ReferredElsewhere).ConfigureAwait(false);
                break;
            default:
                review.ClosureReason = $"the partners decided {decision}";
                review.ClosedOn = on;
                procedure.Cancel(review, d => d.SatisfiedBy != Milestone.DecisionMade, "no Rapid Review");
                commands.AddRange(procedure.Owe(review, NotificationKind.ReviewOutcome, null, on, procedure.Calendar.AddWorkingDays(on, 5), "route", outcome));
                await context.TransitionToState(Closed).ConfigureAwait(false);
                break;
        }

        Emit(context.Saga, commands);
    }
}
