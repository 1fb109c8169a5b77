using System.Collections.Concurrent;
using MassTransit;

namespace Orchestration.Benchmarks.Saga;

/// <summary>
/// Knows when the bus has finished with a message the driver published: a receive observer that completes the
/// waiter registered under the message's id once its endpoint is done with it (applied, dropped by the gate, or
/// faulted after its retries).
/// </summary>
public sealed class CompletionTracker : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> waiting = new();
    private int faults;

    /// <summary>How many awaited messages ended in a fault.</summary>
    public int Faults => Volatile.Read(ref faults);

    /// <summary>A task that completes when the message with <paramref name="messageId"/> has been received.</summary>
    public Task Expect(Guid messageId)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[messageId] = done;
        return done.Task;
    }

    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="queue"/> with a new message id and waits (two minutes at most)
    /// until its endpoint has finished with it; returns the time from the send to then.
    /// </summary>
    public async Task<TimeSpan> SendAndWait(ISendEndpoint queue, object message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var messageId = NewId.NextGuid();
        var done = Expect(messageId);
        var sent = System.Diagnostics.Stopwatch.GetTimestamp();
        await queue.Send(message, context => context.MessageId = messageId, cancellationToken).ConfigureAwait(false);
        await done.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        return System.Diagnostics.Stopwatch.GetElapsedTime(sent);
    }

    /// <inheritdoc />
    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PostReceive(ReceiveContext context) => Complete(context);

    /// <inheritdoc />
    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    /// <inheritdoc />
    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.MessageId is { } id && waiting.ContainsKey(id))
        {
            Interlocked.Increment(ref faults);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Interlocked.Increment(ref faults);
        return Complete(context);
    }

    private Task Complete(ReceiveContext context)
    {
        if (context.GetMessageId() is { } id && waiting.TryRemove(id, out var done))
        {
            done.TrySetResult();
        }

        return Task.CompletedTask;
    }
}
