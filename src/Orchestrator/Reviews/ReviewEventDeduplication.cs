using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// Lets an event through to the review only if no event with the same <c>EventId</c> was applied to the
/// review before; a repeat changes nothing and, when it came as a request, is answered as applied
/// (<see cref="ReviewEventApplied.Duplicate"/>). Two copies racing each other both pass here; the
/// timeline's unique index lets only one commit, and the retry of the other stops here.
/// </summary>
public sealed class ReviewEventDeduplication<T>(ReviewsDbContext database) : IFilter<ConsumeContext<T>>
    where T : class
{
    /// <inheritdoc />
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        (Guid ReviewId, Guid? EventId) key = context.Message switch
        {
            IReviewEvent e => (e.ReviewId, e.EventId),
            ReferralSubmitted r when context is ConsumeContext<ReferralSubmitted> referral => (ReviewStateMachine.OpeningReviewId(referral), r.EventId),
            _ => (Guid.Empty, null),
        };
        if (key.EventId is { } eventId)
        {
            var applied = await database.Timeline.AsNoTracking()
                .AnyAsync(t => t.ReviewId == key.ReviewId && t.EventId == eventId && t.Outcome == TimelineEntry.Applied, context.CancellationToken)
                .ConfigureAwait(false);
            if (applied)
            {
                if (context.RequestId is not null)
                {
                    var state = await database.Reviews.AsNoTracking().IgnoreAutoIncludes()
                        .Where(r => r.CorrelationId == key.ReviewId).Select(r => r.CurrentState)
                        .SingleAsync(context.CancellationToken).ConfigureAwait(false);
                    await context.RespondAsync(new ReviewEventApplied(key.ReviewId, typeof(T).Name, eventId, state, true)).ConfigureAwait(false);
                }

                return;
            }
        }

        await next.Send(context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context?.CreateFilterScope("reviewEventDeduplication");
}
