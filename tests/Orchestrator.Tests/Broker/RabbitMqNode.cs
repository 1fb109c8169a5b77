using Orchestration.Workers.Tests.Brokers;

namespace Orchestration.Orchestrator.Tests.Broker;

/// <summary>One RabbitMQ node for a collection of tests, each of which takes a virtual host of its own.</summary>
public sealed class RabbitMqNode : IAsyncLifetime
{
    /// <summary>The node.</summary>
    public RabbitMqBroker Broker { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Broker = await RabbitMqBroker.Start();

    /// <inheritdoc />
    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

/// <summary>The tests that share one <see cref="RabbitMqNode"/> (one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqTests : ICollectionFixture<RabbitMqNode>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "RabbitMQ";
}
