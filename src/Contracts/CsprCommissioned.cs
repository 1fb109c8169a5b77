namespace Orchestration.Contracts;

/// <summary>
/// A local CSPR was commissioned; the Panel, Ofsted and the DfE are told. N7, N9; seeds 000 §4.1.8, 002 §3.1.2, §6.1.2, 003 §15.5.
/// </summary>
/// <param name="OccurredOn">The date of the decision to initiate the review; N7's six months run from it.</param>
public sealed record CsprCommissioned(
    Guid ReviewId,
    DateOnly OccurredOn,
    Guid? EventId = null) : IReviewEvent;
