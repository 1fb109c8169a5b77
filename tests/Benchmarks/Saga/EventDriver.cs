using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;

namespace Orchestration.Benchmarks.Saga;

/// <summary>What one drive measured.</summary>
public sealed record DriveResult(int Events, TimeSpan Elapsed, IReadOnlyList<double> LatenciesMs, int Faults)
{
    /// <summary>Events per second over the whole drive.</summary>
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;
}

/// <summary>
/// Drives many reviews at once through a bus: each review's scripted events go one after another (the next is
/// published once the endpoint has finished the one before, as a partnership's events arrive in order), and up to
/// <c>inFlight</c> reviews are driven in parallel, so the saga's endpoint always has that many events of different
/// reviews to work on.
/// </summary>
public static class EventDriver
{
    /// <summary>Publishes every scripted event of <paramref name="reviews"/> and waits for all of them.</summary>
    public static async Task<DriveResult> Drive(IBus bus, CompletionTracker tracker, IReadOnlyList<Guid> reviews, int inFlight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(reviews);
        var scripts = reviews.Select(ReviewScripts.For).ToList();
        var latencies = new ConcurrentBag<double[]>();
        var faultsBefore = tracker.Faults;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(scripts, new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken }, async (script, token) =>
        {
            var own = new double[script.Count];
            for (var i = 0; i < script.Count; i++)
            {
                var messageId = NewId.NextGuid();
                var done = tracker.Expect(messageId);
                var sent = Stopwatch.GetTimestamp();
                await bus.Publish(script[i], context => context.MessageId = messageId, token);
                await done.WaitAsync(TimeSpan.FromMinutes(2), token);
                own[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }

            latencies.Add(own);
        });
        clock.Stop();
        var events = scripts.Sum(s => s.Count);
        return new DriveResult(events, clock.Elapsed, [.. latencies.SelectMany(l => l)], tracker.Faults - faultsBefore);
    }
}
