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
    /// <summary>Sends every scripted event of <paramref name="reviews"/> to the saga's queue and waits for all of them.</summary>
    public static async Task<DriveResult> Drive(ISendEndpoint queue, CompletionTracker tracker, IReadOnlyList<Guid> reviews, int inFlight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
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
                own[i] = (await tracker.SendAndWait(queue, script[i], token)).TotalMilliseconds;
            }

            latencies.Add(own);
        });
        clock.Stop();
        var events = scripts.Sum(s => s.Count);
        return new DriveResult(events, clock.Elapsed, [.. latencies.SelectMany(l => l)], tracker.Faults - faultsBefore);
    }
}

/// <summary>
/// Offers events at a fixed rate, whatever the saga's pace (an open loop), and measures each one's latency from its
/// send to the end of its processing. Events go to many reviews in turn; a review gets its next event only once the
/// one before is done (its events stay in order), and a new review is opened when every review is busy or done.
/// </summary>
public static class OpenLoopDriver
{
    /// <summary>Sends <paramref name="total"/> events at <paramref name="perSecond"/> and returns their latencies in ms.</summary>
    public static async Task<List<double>> Offer(ISendEndpoint queue, CompletionTracker tracker, double perSecond, int total, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(tracker);
        var idle = new ConcurrentQueue<(IReadOnlyList<object> Script, int Next)>();
        var latencies = new ConcurrentBag<double>();
        var pending = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var k = 0; k < total; k++)
        {
            var due = TimeSpan.FromSeconds(k / perSecond) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            if (!idle.TryDequeue(out var review))
            {
                review = (ReviewScripts.For(Guid.NewGuid()), 0);
            }

            pending.Add(SendOne(review));
        }

        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        return [.. latencies];

        async Task SendOne((IReadOnlyList<object> Script, int Next) review)
        {
            latencies.Add((await tracker.SendAndWait(queue, review.Script[review.Next], cancellationToken)).TotalMilliseconds);
            if (review.Next + 1 < review.Script.Count)
            {
                idle.Enqueue((review.Script, review.Next + 1));
            }
        }
    }
}
