using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>
/// Listens on the orchestrator's bus, as the workers will, for what the reviews emit: notification
/// commands, NSPCC submissions and rejections.
/// </summary>
public sealed class BusRecorder : IAsyncDisposable
{
    private readonly ConcurrentQueue<object> messages = new();
    private readonly HostReceiveEndpointHandle handle;

    private BusRecorder(IBus bus)
    {
        handle = bus.ConnectReceiveEndpoint($"test-recorder-{Guid.NewGuid():N}", endpoint =>
        {
            endpoint.Handler<SendStatutoryNotification>(context => Record(context.Message));
            endpoint.Handler<SubmitToNspccRepository>(context => Record(context.Message));
            endpoint.Handler<ReviewEventRejected>(context => Record(context.Message));
        });
    }

    /// <summary>Connects a recorder and waits until it listens.</summary>
    public static async Task<BusRecorder> Start(IServiceProvider services)
    {
        var recorder = new BusRecorder(services.GetRequiredService<IBus>());
        await recorder.handle.Ready;
        return recorder;
    }

    /// <summary>Everything of type <typeparamref name="T"/> recorded so far.</summary>
    public IReadOnlyList<T> All<T>() => [.. messages.OfType<T>()];

    /// <summary>Waits (up to ten seconds) until <paramref name="count"/> messages of the type match.</summary>
    public async Task<IReadOnlyList<T>> WaitFor<T>(Func<T, bool> predicate, int count = 1)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = All<T>().Where(predicate).ToList();
            if (found.Count >= count || DateTime.UtcNow > until)
            {
                Assert.True(found.Count >= count, $"Expected {count} {typeof(T).Name} matching, saw {found.Count}.");
                return found;
            }

            await Task.Delay(20);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await handle.StopAsync();

    private Task Record(object message)
    {
        messages.Enqueue(message);
        return Task.CompletedTask;
    }
}
