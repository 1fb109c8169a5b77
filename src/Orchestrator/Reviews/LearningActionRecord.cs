using Stateless;
using Stateless.Graph;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>One action of the plan (N18) and where it stands; its lifecycle is <see cref="LearningActionLifecycle"/>.</summary>
public sealed record LearningActionRecord(string ActionId, string Description, string OwnerAgency, DateOnly AgreedOn)
{
    /// <summary>The current due date (moves on an extension).</summary>
    public DateOnly DueOn { get; set; }

    /// <summary>Where it stands.</summary>
    public LearningActionStatus Status { get; set; } = LearningActionStatus.Open;

    /// <summary>When it was completed.</summary>
    public DateOnly? CompletedOn { get; set; }

    /// <summary>How many times it was extended.</summary>
    public int Extensions { get; set; }
}

/// <summary>The states of a learning action.</summary>
public enum LearningActionStatus
{
    /// <summary>Agreed, not yet due.</summary>
    Open,

    /// <summary>Past its due date.</summary>
    Overdue,

    /// <summary>Escalated to the head of service (Darlington: three months overdue).</summary>
    EscalatedToHeadOfService,

    /// <summary>Escalated to the chief officer (Darlington: six months overdue).</summary>
    EscalatedToChiefOfficer,

    /// <summary>Done.</summary>
    Completed,
}

/// <summary>What can happen to a learning action.</summary>
public enum LearningActionTrigger
{
    /// <summary>Its due date passed.</summary>
    PassDue,

    /// <summary>The first escalation point passed.</summary>
    EscalateToHeadOfService,

    /// <summary>The second escalation point passed.</summary>
    EscalateToChiefOfficer,

    /// <summary>The owner completed it.</summary>
    Complete,

    /// <summary>A new due date was agreed.</summary>
    Extend,
}

/// <summary>
/// A learning action's small lifecycle (DESIGN.md: Stateless for lifecycles inside one record). The
/// machine reads and writes the record's status, so it lives only as long as one transition.
/// </summary>
public static class LearningActionLifecycle
{
    /// <summary>Builds the machine over an action.</summary>
    public static StateMachine<LearningActionStatus, LearningActionTrigger> For(LearningActionRecord action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var machine = new StateMachine<LearningActionStatus, LearningActionTrigger>(() => action.Status, status => action.Status = status);
        machine.Configure(LearningActionStatus.Open)
            .Permit(LearningActionTrigger.PassDue, LearningActionStatus.Overdue)
            .Permit(LearningActionTrigger.Complete, LearningActionStatus.Completed)
            .PermitReentry(LearningActionTrigger.Extend);
        machine.Configure(LearningActionStatus.Overdue)
            .Permit(LearningActionTrigger.EscalateToHeadOfService, LearningActionStatus.EscalatedToHeadOfService)
            .Permit(LearningActionTrigger.Complete, LearningActionStatus.Completed)
            .Permit(LearningActionTrigger.Extend, LearningActionStatus.Open);
        machine.Configure(LearningActionStatus.EscalatedToHeadOfService)
            .Permit(LearningActionTrigger.EscalateToChiefOfficer, LearningActionStatus.EscalatedToChiefOfficer)
            .Permit(LearningActionTrigger.Complete, LearningActionStatus.Completed)
            .Permit(LearningActionTrigger.Extend, LearningActionStatus.Open);
        machine.Configure(LearningActionStatus.EscalatedToChiefOfficer)
            .Permit(LearningActionTrigger.Complete, LearningActionStatus.Completed)
            .Permit(LearningActionTrigger.Extend, LearningActionStatus.Open);
        return machine;
    }

    /// <summary>The lifecycle as a Mermaid state diagram, for the docs.</summary>
    public static string ToMermaid() =>
        MermaidGraph.Format(For(new LearningActionRecord("example", "example", "example", default)).GetInfo());
}
