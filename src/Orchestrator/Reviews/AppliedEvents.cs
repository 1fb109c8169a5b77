using Microsoft.EntityFrameworkCore;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>Whether a review has already applied an event: what the review asks before it applies one.</summary>
public interface IAppliedEvents
{
    /// <summary>True when review <paramref name="reviewId"/> has applied the event <paramref name="eventId"/>.</summary>
    Task<bool> Contains(Guid reviewId, Guid eventId, CancellationToken cancellationToken);
}

/// <summary>The answer from the review's timeline: an entry with the event's id whose outcome is applied.</summary>
public sealed class TimelineAppliedEvents(ReviewsDbContext database) : IAppliedEvents
{
    /// <inheritdoc />
    public Task<bool> Contains(Guid reviewId, Guid eventId, CancellationToken cancellationToken) =>
        database.Timeline.AsNoTracking()
            .AnyAsync(t => t.ReviewId == reviewId && t.EventId == eventId && t.Outcome == TimelineEntry.Applied, cancellationToken);
}
