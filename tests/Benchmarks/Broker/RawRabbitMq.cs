using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Orchestration.Benchmarks.Broker;

/// <summary>
/// The raw broker baseline: RabbitMQ.Client alone publishing persistent messages to a durable queue with publisher
/// confirms (a window of publishes outstanding, each awaited for its confirm) while a consumer with the same prefetch
/// as the orchestrator's endpoints (32) acknowledges each one. Messages per second from the first publish to the last ack.
/// </summary>
public static class RawRabbitMq
{
    private const int Window = 256;

    /// <summary>Sends and consumes <paramref name="count"/> messages of <paramref name="size"/> bytes; returns messages per second.</summary>
    public static async Task<double> PublishAndConsume(int port, int count, int size, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = port };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var publisher = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
        await using var consumerChannel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var queue = $"bench-raw-{Guid.NewGuid():N}";
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await consumerChannel.BasicQosAsync(0, 32, false, cancellationToken).ConfigureAwait(false);

        var received = 0;
        var allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, false).ConfigureAwait(false);
            if (Interlocked.Increment(ref received) == count)
            {
                allIn.TrySetResult();
            }
        };

        var body = new byte[size];
        Random.Shared.NextBytes(body);
        var properties = new BasicProperties { Persistent = true, ContentType = "application/octet-stream" };
        var clock = Stopwatch.StartNew();
        await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        var outstanding = new List<Task>(Window);
        for (var i = 0; i < count; i++)
        {
            outstanding.Add(publisher.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, body, cancellationToken).AsTask());
            if (outstanding.Count == Window)
            {
                await Task.WhenAll(outstanding).ConfigureAwait(false);
                outstanding.Clear();
            }
        }

        await Task.WhenAll(outstanding).ConfigureAwait(false);
        await allIn.Task.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        clock.Stop();
        await publisher.QueueDeleteAsync(queue, cancellationToken: cancellationToken).ConfigureAwait(false);
        return count / clock.Elapsed.TotalSeconds;
    }
}
