using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Tags = Orchestration.Infrastructure.Telemetry.TelemetryAttributes;

namespace Orchestration.Orchestrator.Telemetry;

/// <summary>
/// The <c>review.transition</c> span around each message the review saga's endpoint handles (a scoped consume
/// filter, inside the message retry and before the gate, so each attempt is a span and the commit is in it).
/// Whatever the transition writes to the outbox is written inside this span and so continues its trace.
/// Once the message has been handled, the timeline entry the transition committed gives the span its
/// outcome, states and partnership, and the metrics their counts; a message the gate dropped (a repeat) is
/// <c>ignored</c>.
/// </summary>
public sealed class ReviewTransitionTelemetry<T>(ReviewsDbContext database, OrchestratorMetrics metrics) : IFilter<ConsumeContext<T>>
    where T : class
{
    /// <summary>What became of a message that wrote no timeline entry (a repeat, or no such review).</summary>
    public const string Ignored = "ignored";

    /// <inheritdoc />
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var eventName = typeof(T).Name;
        using var span = OrchestratorTelemetry.Source.StartActivity(OrchestratorTelemetry.TransitionSpan, ActivityKind.Internal);
        if (span is not null)
        {
            span.SetTag(Tags.Event, eventName);
            if (context.Message is IReviewEvent reviewEvent)
            {
                span.SetTag(Tags.ReviewId, reviewEvent.ReviewId.ToString());
            }

            if (context.Message is ReferralSubmitted referral)
            {
                span.SetTag(Tags.Partnership, referral.Partnership);
            }

            var rule = context.Message switch
            {
                DeadlineApproaching approaching => approaching.Rule,
                DeadlineMissed missed => missed.Rule,
                _ => null,
            };
            if (rule is not null)
            {
                span.SetTag(Tags.Rule, rule);
            }
        }

        try
        {
            await next.Send(context).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // The type only: an exception's message may quote what the sender sent.
            span?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            throw;
        }

        // The saga's repository shares this scope's context: after the commit it still tracks what it wrote.
        var entry = database.ChangeTracker.Entries<TimelineEntry>()
            .Where(e => e.State == EntityState.Unchanged && e.Entity.Event == eventName)
            .Select(e => e.Entity)
            .LastOrDefault();
        if (entry is null)
        {
            span?.SetTag(Tags.Outcome, Ignored);
            return;
        }

        var partnership = database.ChangeTracker.Entries<ReviewState>()
            .Where(r => r.Entity.CorrelationId == entry.ReviewId)
            .Select(r => r.Entity.Partnership)
            .FirstOrDefault() ?? string.Empty;
        var applied = entry.Outcome == TimelineEntry.Applied;
        metrics.Transition(partnership, eventName, entry.StateAfter, applied);
        if (span is not null)
        {
            span.SetTag(Tags.ReviewId, entry.ReviewId.ToString());
            span.SetTag(Tags.Partnership, partnership);
            span.SetTag(Tags.StateBefore, entry.StateBefore);
            span.SetTag(Tags.StateAfter, entry.StateAfter);
            span.SetTag(Tags.Outcome, entry.Outcome);
        }
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context?.CreateFilterScope("reviewTransitionTelemetry");
}
