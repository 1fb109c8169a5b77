using System.Diagnostics;

namespace Orchestration.Infrastructure.Telemetry;

/// <summary>Starts the spans of work taken up later from a row that kept the trace context of the work that wrote it.</summary>
public static class SpanStarter
{
    /// <summary>
    /// Starts a span continuing the stored <paramref name="parent"/>, whatever span is current, and linked to the
    /// current one (the loop's round) when there is one. With no stored parent (a row written before trace
    /// contexts were kept, or while nothing was recording) it is a child of the current span, if any.
    /// </summary>
    public static Activity? StartContinuing(this ActivitySource source, string name, ActivityKind kind, ActivityContext parent)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (parent == default)
        {
            return source.StartActivity(name, kind);
        }

        ActivityLink[]? links = Activity.Current is { } round ? [new ActivityLink(round.Context)] : null;
        return source.StartActivity(name, kind, parent, links: links);
    }
}
