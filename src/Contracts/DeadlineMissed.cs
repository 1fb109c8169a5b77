namespace Orchestration.Contracts;

/// <summary>
/// A deadline in the ledger passed unmet. Any rule in STATUTORY-RULES.md or a profile's timetable.
/// </summary>
/// <param name="Rule">The rule id (e.g. <c>N5</c>) or <c>profile:key</c>.</param>
/// <param name="DueOn">Due at the end of this day, Europe/London.</param>
/// <param name="Late">True when the clock fired after it should have (for example after downtime).</param>
public sealed record DeadlineMissed(
    Guid ReviewId,
    DateOnly OccurredOn,
    Guid DeadlineId,
    string Rule,
    DateOnly DueOn,
    bool Late,
    Guid? EventId = null) : IReviewEvent;
