using System.Diagnostics;

namespace Orchestration.Infrastructure.Telemetry;

/// <summary>
/// A span's W3C trace context kept on a database row (the outbox, the delivery ledger), so work done later
/// from that row, by another loop or process, continues the trace of the work that wrote it.
/// </summary>
/// <param name="TraceParent">The W3C <c>traceparent</c> (version, trace id, span id, flags).</param>
/// <param name="TraceState">The W3C <c>tracestate</c>, when the trace has one.</param>
public sealed record StoredTraceContext(string TraceParent, string? TraceState)
{
    /// <summary>The longest <c>traceparent</c> kept (version 00 is 55 characters).</summary>
    public const int TraceParentLength = 55;

    /// <summary>The longest <c>tracestate</c> kept (W3C allows 32 members of up to 256 characters; longer ones are dropped).</summary>
    public const int TraceStateLength = 512;

    /// <summary>The current span's context, or null when no span is being recorded or it is not a W3C one.</summary>
    public static StoredTraceContext? Current()
    {
        var activity = Activity.Current;
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is not { Length: TraceParentLength } id)
        {
            return null;
        }

        var state = activity.TraceStateString is { Length: > 0 and <= TraceStateLength } s ? s : null;
        return new StoredTraceContext(id, state);
    }

    /// <summary>The span context a stored <c>traceparent</c> names; default when there is none or it does not parse.</summary>
    public static ActivityContext Parse(string? traceParent, string? traceState) =>
        traceParent is { Length: > 0 } && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context)
            ? context
            : default;
}
