using System.Diagnostics;

namespace Orchestration.Orchestrator.Telemetry;

/// <summary>The orchestrator's activity source and the names of its spans.</summary>
public static class OrchestratorTelemetry
{
    /// <summary>The name of the orchestrator's activity source and meter.</summary>
    public const string Name = "Orchestration.Orchestrator";

    /// <summary>The orchestrator's spans.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>One event applied to (or rejected by) one review, commit included.</summary>
    public const string TransitionSpan = "review.transition";

    /// <summary>The relay publishing one outbox row; a child of the span that wrote the row.</summary>
    public const string OutboxPublishSpan = "outbox.publish";

    /// <summary>One pass of the deadline pump.</summary>
    public const string PumpTickSpan = "deadline_pump.tick";

    /// <summary>One deadline fired (its reminder or its breach) within a pass.</summary>
    public const string DeadlineFireSpan = "deadline.fire";
}
