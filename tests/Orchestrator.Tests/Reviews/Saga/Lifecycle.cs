using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews.Saga;

/// <summary>
/// The lifecycle as the machine declares it, read once for the theories' data (which xunit builds before any
/// fixture exists): the machine is built as the container builds it, on the shipped calendar and profiles.
/// </summary>
public static class Lifecycle
{
    /// <summary>The state of a review that does not exist yet.</summary>
    public const string Initial = "Initial";

    private static readonly Lazy<ReviewStateMachine> LazyMachine = new(() => new ReviewStateMachine(
        new ReviewProcedure(ProfileLoader.LoadDirectory(ProfileLoader.ShippedDirectory), WorkingDayCalendar.FromFile(WorkingDayCalendar.ShippedDataPath)),
        TimeProvider.System));

    /// <summary>The machine.</summary>
    public static ReviewStateMachine Machine => LazyMachine.Value;

    /// <summary>Every event of the lifecycle, by name, in declaration order.</summary>
    public static IReadOnlyList<string> Events => [.. Machine.Transitions.Select(t => t.Event).Distinct()];

    /// <summary>
    /// Every state a review can be in, by name, Initial first (MassTransit's Final is not used: a review is never
    /// finalised, a closed review stays in Closed).
    /// </summary>
    public static IReadOnlyList<string> States => [.. Machine.States.Select(s => s.Name).Where(s => s != "Final").OrderBy(s => s == Initial ? 0 : 1)];

    /// <summary>The rule of an event.</summary>
    public static TransitionRule Rule(string eventName) => Machine.Transitions.Single(t => t.Event == eventName);
}
