using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace Orchestration.Samples.UpstreamPublisher;

/// <summary>
/// Publishes one contract event the way any AMQP client can: a persistent message, with publisher confirms, to the
/// fanout exchange named after the contract's full type name (<c>Orchestration.Contracts:ReferralSubmitted</c>),
/// in MassTransit's JSON envelope (content type <c>application/vnd.masstransit+json</c>). Nothing here needs .NET
/// or MassTransit beyond what the envelope says: a case system in any language can do the same.
/// </summary>
public static class EnvelopePublisher
{
    /// <summary>The content type the orchestrator reads.</summary>
    public const string ContentType = "application/vnd.masstransit+json";

    /// <summary>The exchange for a contract, e.g. <c>ReferralSubmitted</c>.</summary>
    public static string ExchangeFor(string contract) => "Orchestration.Contracts:" + contract;

    /// <summary>The envelope around the event's fields (camelCase, as in the HTTP API).</summary>
    public static JsonObject Envelope(string contract, JsonObject message, Guid messageId) => new()
    {
        ["messageId"] = messageId.ToString(),
        ["messageType"] = new JsonArray("urn:message:" + ExchangeFor(contract)),
        ["sentTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["message"] = message.DeepClone(),
    };

    /// <summary>Publishes the event and waits for the broker's confirmation.</summary>
    public static async Task Publish(Uri broker, string contract, JsonObject message, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

        // The orchestrator declares this exchange when it starts; declaring it here too (same type, durable) lets
        // an upstream system start first. Messages published before the orchestrator's queue is bound are not kept.
        await channel.ExchangeDeclareAsync(ExchangeFor(contract), ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        var properties = new BasicProperties
        {
            ContentType = ContentType,
            MessageId = messageId.ToString(),
            Persistent = true,
        };
        var body = Encoding.UTF8.GetBytes(Envelope(contract, message, messageId).ToJsonString());
        await channel.BasicPublishAsync(ExchangeFor(contract), string.Empty, mandatory: true, properties, body, cancellationToken);
    }
}
