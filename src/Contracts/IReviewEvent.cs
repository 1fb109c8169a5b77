namespace Orchestration.Contracts;

/// <summary>
/// What every event about an existing review carries: the review, the business date it happened and
/// the sender's optional id, by which a repeated event is recognised and ignored.
/// </summary>
public interface IReviewEvent
{
    /// <summary>The review the event is about.</summary>
    Guid ReviewId { get; }

    /// <summary>The business date the event happened; timescales count from it, not from its arrival.</summary>
    DateOnly OccurredOn { get; }

    /// <summary>The sender's id for the event; a second event with the same id changes nothing.</summary>
    Guid? EventId { get; }
}
