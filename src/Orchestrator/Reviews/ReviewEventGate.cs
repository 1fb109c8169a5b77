using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Calendar;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// What every message passes before it reaches a review (a scoped consume filter on the saga's endpoint,
/// inside the message retry):
/// <list type="bullet">
/// <item>A message the review saga has already processed (its message id is in the inbox) goes no further.</item>
/// <item>A referral whose <c>EventId</c> has already opened its review goes no further; when it came as a
/// request it is answered as applied (<see cref="ReviewEventApplied.Duplicate"/>). A repeated event is answered the
/// same way by the review itself, once read (<see cref="ReviewStateMachine"/>).</item>
/// <item>An incomplete or invalid <see cref="ReferralSubmitted"/> is returned to the referrer: it opens no
/// review and <see cref="ReferralReturned"/> is published (and answered, as a rejection with no state, to a
/// request). The fields are named, their values never repeated, so no personal data travels with it.</item>
/// <item>A malformed event (one <see cref="EventValidator"/> refuses: an empty review id, a date out of range, text too
/// long, a value not allowed) throws <see cref="MalformedMessageException"/>, which no retry handles: the message faults
/// to the endpoint's error queue (<c>reviews_error</c>) and nothing is written. The API refuses the same with 422 first.</item>
/// <item>A <see cref="BankHolidaysChanged"/> waits until this instance counts with that calendar change or a newer one.</item>
/// </list>
/// </summary>
public sealed class ReviewEventGate<T>(ReviewsDbContext database, ReviewProcedure procedure, TimeProvider time, CalendarRevisions calendars) : IFilter<ConsumeContext<T>>
    where T : class
{
    /// <summary>The review saga's name in the inbox.</summary>
    public const string Consumer = "reviews";

    /// <inheritdoc />
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        if (context.MessageId is { } messageId
            && await database.Inbox.AsNoTracking().AnyAsync(i => i.Consumer == Consumer && i.MessageId == messageId, context.CancellationToken).ConfigureAwait(false))
        {
            // A redelivery of a message the review has already processed (the relay republishing after a crash).
            await Handled(context, started).ConfigureAwait(false);
            return;
        }

        // A repeated referral is answered here, before it is validated again as a new one; a repeated event is
        // answered by the review once it has been read (ReviewStateMachine.AlreadyApplied), which costs no extra query.
        var key = ReviewMessageKey.Of(context);
        if (context.Message is ReferralSubmitted && key.EventId is { } eventId && await AlreadyApplied(context, key.ReviewId, eventId).ConfigureAwait(false))
        {
            await Handled(context, started).ConfigureAwait(false);
            return;
        }

        if (context.Message is IReviewEvent && EventValidator.Validate(context.Message) is { Count: > 0 } malformed)
        {
            throw new MalformedMessageException(typeof(T).Name, malformed.Keys);
        }

        if (context.Message is ReferralSubmitted submitted
            && ReferralValidator.Validate(submitted, procedure, LondonTime.DateAt(time.GetUtcNow())) is { Count: > 0 } problems)
        {
            await context.Publish(new ReferralReturned(key.ReviewId, key.EventId, submitted.Partnership, problems)).ConfigureAwait(false);
            if (context.RequestId is not null)
            {
                var reason = "the referral is returned to the referrer: " + string.Join(" ", problems.Select(p => $"{p.Key} {string.Join(" ", p.Value)}"));
                await context.RespondAsync(new ReviewEventRejected(key.ReviewId, nameof(ReferralSubmitted), key.EventId, null, [], reason)).ConfigureAwait(false);
            }

            await Handled(context, started).ConfigureAwait(false);
            return;
        }

        if (context.Message is BankHolidaysChanged changed)
        {
            // The review counts its deadlines again on the calendar in force here: it must be that change's or newer.
            await calendars.EnsureAtLeast(changed.CalendarRevision, database, context.CancellationToken).ConfigureAwait(false);
        }

        await next.Send(context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context?.CreateFilterScope("reviewEventGate");

    // A message the gate answers itself has been dealt with: without this the endpoint would count it as consumed by
    // nobody and move it to the skipped queue, where an operator would take a handled duplicate for a lost message.
    private static Task Handled(ConsumeContext<T> context, long started) =>
        context.NotifyConsumed(context, Stopwatch.GetElapsedTime(started), "reviewEventGate");

    private async Task<bool> AlreadyApplied(ConsumeContext<T> context, Guid reviewId, Guid eventId)
    {
        var applied = await database.Timeline.AsNoTracking()
            .AnyAsync(t => t.ReviewId == reviewId && t.EventId == eventId && t.Outcome == TimelineEntry.Applied, context.CancellationToken)
            .ConfigureAwait(false);
        if (applied && context.RequestId is not null)
        {
            var state = await database.Reviews.AsNoTracking().IgnoreAutoIncludes()
                .Where(r => r.CorrelationId == reviewId).Select(r => r.CurrentState)
                .SingleAsync(context.CancellationToken).ConfigureAwait(false);
            await context.RespondAsync(new ReviewEventApplied(reviewId, typeof(T).Name, eventId, state, true)).ConfigureAwait(false);
        }

        return applied;
    }
}

/// <summary>Which review a consumed message concerns.</summary>
public static class ReviewMessageKey
{
    /// <summary>The review a message is for and the id of the event it carries (<see cref="Guid.Empty"/> and none for other messages).</summary>
    public static (Guid ReviewId, Guid? EventId) Of<T>(ConsumeContext<T> context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Message switch
        {
            IReviewEvent e => (e.ReviewId, e.EventId),
            ReferralSubmitted r when context is ConsumeContext<ReferralSubmitted> referral => (ReviewStateMachine.OpeningReviewId(referral), r.EventId),
            _ => (Guid.Empty, null),
        };
    }
}
