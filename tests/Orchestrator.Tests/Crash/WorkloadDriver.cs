using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Crash;

/// <summary>An event a script got to the orchestrator, and what it came to.</summary>
public sealed record SentEvent(string Event, Guid EventId, Expect Expect);

/// <summary>How far one review's script got.</summary>
public sealed class ReviewRun(ReviewScript script)
{
    /// <summary>The script.</summary>
    public ReviewScript Script => script;

    /// <summary>The events it got through, in order.</summary>
    public ConcurrentQueue<SentEvent> Events { get; } = new();

    /// <summary>Every step got its expected answer.</summary>
    public bool Completed { get; set; }
}

/// <summary>What the drivers saw: requests, and the failures the crashes caused them.</summary>
public sealed class WorkloadStats
{
    private int requests;
    private int inFlight;
    private int connectionErrors;
    private int timeouts;
    private int serverErrors;
    private int repeatedReferrals;
    private int conflictsResolvedByTimeline;

    /// <summary>Requests sent, retries included.</summary>
    public int Requests => requests;

    /// <summary>Requests waiting for an answer now.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Requests that failed because the connection failed: the process was killed under them, or was down.</summary>
    public int ConnectionErrors => connectionErrors;

    /// <summary>Requests that timed out.</summary>
    public int Timeouts => timeouts;

    /// <summary>Answers of 500 or more (each retried).</summary>
    public int ServerErrors => serverErrors;

    /// <summary>Referrals sent again after a crash and answered 200 with the review already open.</summary>
    public int RepeatedReferrals => repeatedReferrals;

    /// <summary>A retried event answered 409 whose event id the timeline shows applied.</summary>
    public int ConflictsResolvedByTimeline => conflictsResolvedByTimeline;

    /// <summary>Steps that did not come to what the script expected.</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>The last few server errors, for diagnosis.</summary>
    public ConcurrentQueue<string> ServerErrorSamples { get; } = new();

    internal void Sent() => Interlocked.Increment(ref requests);

    internal void Enter() => Interlocked.Increment(ref inFlight);

    internal void Leave() => Interlocked.Decrement(ref inFlight);

    internal void ConnectionError() => Interlocked.Increment(ref connectionErrors);

    internal void Timeout() => Interlocked.Increment(ref timeouts);

    internal void ServerError(string sample)
    {
        Interlocked.Increment(ref serverErrors);
        if (ServerErrorSamples.Count < 10)
        {
            ServerErrorSamples.Enqueue(sample);
        }
    }

    internal void RepeatedReferral() => Interlocked.Increment(ref repeatedReferrals);

    internal void ConflictResolvedByTimeline() => Interlocked.Increment(ref conflictsResolvedByTimeline);
}

/// <summary>
/// Runs the scripts against the orchestrator process through its HTTP API, several reviews at once. A request
/// that fails because the process died (connection error, timeout, 5xx) is sent again, unchanged, once the next
/// process is ready: the fixed event ids make that safe. A 409 to an event the script expects applied counts as
/// done only if the review's timeline shows that event id applied (the first attempt got through before the crash).
/// </summary>
public sealed class WorkloadDriver(OrchestratorProcess orchestrator, HttpClient http)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    /// <summary>What happened, for the report and the assertions.</summary>
    public WorkloadStats Stats { get; } = new();

    /// <summary>Each review's progress, by review id.</summary>
    public ConcurrentDictionary<Guid, ReviewRun> Runs { get; } = new();

    /// <summary>Runs every script, <paramref name="workers"/> reviews at a time.</summary>
    public Task Run(IReadOnlyList<ReviewScript> scripts, int workers, CancellationToken cancellationToken)
    {
        var queue = new ConcurrentQueue<ReviewScript>(scripts);
        return Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(
            async () =>
            {
                while (queue.TryDequeue(out var script))
                {
                    await RunScript(script, cancellationToken);
                }
            },
            cancellationToken)));
    }

    /// <summary>Moves the virtual clock on by <paramref name="days"/>; the answer comes once what fell due has fired and been relayed.</summary>
    public async Task<string> AdvanceClock(int days, CancellationToken cancellationToken)
    {
        var answer = await Send(HttpMethod.Post, "api/admin/clock/advance", new JsonObject { ["days"] = days }, cancellationToken);
        if (answer.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The clock did not advance: {(int)answer.Status} {answer.Body}");
        }

        return answer.Body;
    }

    /// <summary>A review as the API shows it.</summary>
    public async Task<ReviewView> Review(Guid id, CancellationToken cancellationToken)
    {
        var answer = await Send(HttpMethod.Get, $"api/reviews/{id}", null, cancellationToken);
        if (answer.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET review {id}: {(int)answer.Status} {answer.Body}");
        }

        return System.Text.Json.JsonSerializer.Deserialize<ReviewView>(answer.Body, ReviewClient.Json)!;
    }

    /// <summary>The API's check of a review's timeline chain.</summary>
    public async Task<TimelineVerification> Verify(Guid id, CancellationToken cancellationToken)
    {
        var answer = await Send(HttpMethod.Get, $"api/reviews/{id}/timeline/verify", null, cancellationToken);
        if (answer.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET verify {id}: {(int)answer.Status} {answer.Body}");
        }

        return System.Text.Json.JsonSerializer.Deserialize<TimelineVerification>(answer.Body, ReviewClient.Json)!;
    }

    private async Task RunScript(ReviewScript script, CancellationToken cancellationToken)
    {
        var run = Runs.GetOrAdd(script.ReviewId, _ => new ReviewRun(script));
        try
        {
            await Open(script, run, cancellationToken);
            foreach (var step in script.Steps)
            {
                await SendEvent(script, step.Event, step.Body, step.Expect, run, cancellationToken);
            }

            run.Completed = true;
        }
        catch (ScriptFailedException failure)
        {
            Stats.Failures.Enqueue($"{script}: {failure.Message}");
        }
    }

    private async Task Open(ReviewScript script, ReviewRun run, CancellationToken cancellationToken)
    {
        var answer = await Send(HttpMethod.Post, "api/reviews", script.Referral, cancellationToken);
        var location = $"/api/reviews/{script.ReviewId}";
        if (answer.Status is not (HttpStatusCode.Created or HttpStatusCode.OK) || answer.Location != location)
        {
            throw new ScriptFailedException($"the referral was answered {(int)answer.Status} (Location {answer.Location ?? "none"}), not 201 or 200 with {location}: {answer.Body}");
        }

        if (answer.Status == HttpStatusCode.OK)
        {
            Stats.RepeatedReferral();
        }

        run.Events.Enqueue(new SentEvent("ReferralSubmitted", script.ReviewId, Expect.Applied));
    }

    private async Task SendEvent(ReviewScript script, string eventName, JsonObject body, Expect expect, ReviewRun run, CancellationToken cancellationToken)
    {
        var eventId = Guid.Parse((string)body["eventId"]!, CultureInfo.InvariantCulture);
        var answer = await Send(HttpMethod.Post, $"api/reviews/{script.ReviewId}/events/{eventName}", body, cancellationToken);
        var came = answer.Status switch
        {
            HttpStatusCode.OK => Expect.Applied,
            HttpStatusCode.Conflict => Expect.Rejected,
            _ => throw new ScriptFailedException($"{eventName} {eventId} was answered {(int)answer.Status}: {answer.Body}"),
        };
        if (came != expect && came == Expect.Rejected && await AppliedInTimeline(script.ReviewId, eventId, cancellationToken))
        {
            // The first attempt was applied before the crash and the state moved on; the retry was judged afresh.
            Stats.ConflictResolvedByTimeline();
            came = Expect.Applied;
        }

        if (came != expect)
        {
            throw new ScriptFailedException($"{eventName} {eventId} was {came.ToString().ToLowerInvariant()}, expected {expect.ToString().ToLowerInvariant()}: {answer.Body}");
        }

        run.Events.Enqueue(new SentEvent(eventName, eventId, expect));
    }

    private async Task<bool> AppliedInTimeline(Guid reviewId, Guid eventId, CancellationToken cancellationToken)
    {
        var answer = await Send(HttpMethod.Get, $"api/reviews/{reviewId}/timeline", null, cancellationToken);
        if (answer.Status != HttpStatusCode.OK)
        {
            throw new ScriptFailedException($"the timeline was answered {(int)answer.Status}: {answer.Body}");
        }

        return JsonNode.Parse(answer.Body)!.AsArray().Any(entry =>
            (string?)entry!["outcome"] == TimelineEntry.Applied
            && Guid.TryParse((string?)entry["eventId"], CultureInfo.InvariantCulture, out var id) && id == eventId);
    }

    /// <summary>Sends a request until it gets an answer below 500 from a live process.</summary>
    private async Task<Answer> Send(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var lastProblem = "none";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (clock.Elapsed > GiveUpAfter)
            {
                throw new ScriptFailedException($"{method} {path} got no answer in {GiveUpAfter.TotalMinutes:0} minutes; last: {lastProblem}");
            }

            if (orchestrator.UnexpectedExits.Count > 0)
            {
                throw new ScriptFailedException($"{method} {path}: the orchestrator exited by itself");
            }

            var life = await orchestrator.WhenReady().WaitAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, new Uri(life.Address, path));
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            Stats.Sent();
            Stats.Enter();
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if ((int)response.StatusCode < 500)
                {
                    return new Answer(response.StatusCode, text, response.Headers.Location?.OriginalString);
                }

                lastProblem = $"{(int)response.StatusCode} {text}";
                Stats.ServerError($"{method} {path} (life {life.Generation}): {lastProblem}");
            }
            catch (HttpRequestException error)
            {
                lastProblem = error.Message;
                Stats.ConnectionError();
            }
            catch (IOException error)
            {
                lastProblem = error.Message;
                Stats.ConnectionError();
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastProblem = "timed out";
                Stats.Timeout();
            }
            finally
            {
                Stats.Leave();
            }

            // Killed (the next WhenReady waits for the next process) or failing: the same request again, shortly.
            await Task.Delay(50, cancellationToken);
        }
    }

    private sealed record Answer(HttpStatusCode Status, string Body, string? Location);

    private sealed class ScriptFailedException(string message) : Exception(message);
}
