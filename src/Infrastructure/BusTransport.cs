using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.Extensions.Configuration;

namespace Orchestration.Infrastructure;

/// <summary>Which transport carries the messages.</summary>
public enum TransportKind
{
    /// <summary>In this process's memory (the embedded default: one process, no broker).</summary>
    InMemory,

    /// <summary>A RabbitMQ broker (the production shape: several processes).</summary>
    RabbitMQ,
}

/// <summary>The transport and, for RabbitMQ, the broker.</summary>
public sealed class TransportOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Transport";

    /// <summary>InMemory (default) or RabbitMQ.</summary>
    public TransportKind Kind { get; set; } = TransportKind.InMemory;

    /// <summary>The broker, when <see cref="Kind"/> is RabbitMQ.</summary>
    public RabbitMqOptions RabbitMQ { get; set; } = new();

    /// <summary>
    /// Messages each endpoint processes at once on the in-memory transport. MassTransit's default is the number of
    /// processors, which on a small machine leaves the cores idle while each message waits on its database write.
    /// </summary>
    public int InMemoryConcurrencyLimit { get; set; } = DefaultInMemoryConcurrencyLimit;

    /// <summary>The default of <see cref="InMemoryConcurrencyLimit"/>.</summary>
    public const int DefaultInMemoryConcurrencyLimit = 8;

    /// <summary>Whether "published" means "in this process's memory" only, so a crash can lose what was published.</summary>
    public bool PublishIsVolatile => Kind == TransportKind.InMemory;
}

/// <summary>The RabbitMQ broker and how queues are declared and consumed.</summary>
public sealed class RabbitMqOptions
{
    /// <summary>Host name.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>AMQP port (5671 with TLS).</summary>
    public int Port { get; set; } = 5672;

    /// <summary>Virtual host.</summary>
    public string VirtualHost { get; set; } = "/";

    /// <summary>User name.</summary>
    public string UserName { get; set; } = "guest";

    /// <summary>Password (from a secret store, never a committed file).</summary>
    public string Password { get; set; } = "guest";

    /// <summary>Connect with TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>Declare queues as quorum queues (replicated; a queue's type cannot change once declared: delete it first).</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>Messages each consumer holds unacknowledged.</summary>
    public int PrefetchCount { get; set; } = 32;

    /// <summary>Messages each endpoint processes at once (unlimited up to the prefetch when not set).</summary>
    public int? ConcurrencyLimit { get; set; }
}

/// <summary>Chooses the transport from configuration, for every process on the bus.</summary>
public static class BusTransport
{
    /// <summary>
    /// Enums travel by name on the bus as in the HTTP API (<c>"route": "LocalAuthorityNotification"</c>), so an
    /// upstream system publishes the same JSON it would post.
    /// </summary>
    public static void UseContractJson(IBusFactoryConfigurator config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.ConfigureJsonSerializerOptions(options =>
        {
            if (!options.Converters.Any(c => c is JsonStringEnumConverter))
            {
                options.Converters.Add(new JsonStringEnumConverter());
            }

            return options;
        });
    }

    /// <summary>The transport options as configured.</summary>
    public static TransportOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(TransportOptions.Section).Get<TransportOptions>() ?? new TransportOptions();
    }

    /// <summary>
    /// Uses the configured transport; <paramref name="configure"/> adds what the process needs on any transport (its
    /// topology), then every registered endpoint is configured. On RabbitMQ, publishes wait for the broker's confirmation, so a message
    /// the relay marks sent is on a durable queue.
    /// </summary>
    public static void UsingConfiguredTransport(
        this IBusRegistrationConfigurator bus, TransportOptions options, Action<IBusRegistrationContext, IBusFactoryConfigurator> configure)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        if (options.Kind != TransportKind.RabbitMQ)
        {
            bus.UsingInMemory((context, config) =>
            {
                config.ConcurrentMessageLimit = Math.Max(1, options.InMemoryConcurrencyLimit);
                UseContractJson(config);
                configure(context, config);
                config.ConfigureEndpoints(context);
            });
            return;
        }

        var broker = options.RabbitMQ;
        if (broker.QuorumQueues)
        {
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }
            });
        }

        bus.UsingRabbitMq((context, config) =>
        {
            config.Host(broker.Host, (ushort)broker.Port, broker.VirtualHost, host =>
            {
                host.Username(broker.UserName);
                host.Password(broker.Password);
                host.PublisherConfirmation = true;
                if (broker.UseTls)
                {
                    host.UseSsl(ssl => ssl.ServerName = broker.Host);
                }
            });
            UseContractJson(config);
            config.PrefetchCount = broker.PrefetchCount;
            if (broker.ConcurrencyLimit is { } limit)
            {
                config.ConcurrentMessageLimit = limit;
            }

            configure(context, config);
            config.ConfigureEndpoints(context);
        });
    }
}
