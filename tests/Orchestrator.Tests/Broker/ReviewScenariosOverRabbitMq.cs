using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Broker;

// The end-to-end review scenarios, unchanged, in the production shape: the orchestrator on RabbitMQ (a virtual host
// of each test's own on one node) and the workers as their own process on the same broker, taking every command into
// their ledger. The scenarios stand in for the workers' outcomes themselves (they publish what was sent, on the dates
// they need), so the workers' process dispatches nothing here; RabbitMqEndToEndTests and TwoInstancesTests send for real.

/// <summary>Where a scenario runs: a fresh virtual host and a workers' process on it, stopped at the end.</summary>
public sealed class BrokerShape(RabbitMqNode node) : IAsyncDisposable
{
    private WorkersProcess? workers;

    /// <summary>Starts the workers' process on a fresh virtual host; returns the orchestrator's configuration for it.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> Start()
    {
        var settings = await node.Broker.VirtualHost();
        var host = settings["Transport:RabbitMQ:VirtualHost"]!;
        workers = new WorkersProcess(new Dictionary<string, string?>(settings) { ["Delivery:DispatcherEnabled"] = "false" });
        await workers.Start(async () => await node.Broker.Depth("notifications", host) >= 0);
        settings["Outbox:PollInterval"] = "00:00:00.100";
        return settings;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (workers is not null)
        {
            await workers.DisposeAsync();
        }
    }
}

/// <summary><see cref="WarringtonReviewTests"/> over RabbitMQ.</summary>
[Collection(RabbitMqTests.Name)]
public sealed class WarringtonReviewOverRabbitMqTests(RabbitMqNode node) : WarringtonReviewTests
{
    private readonly BrokerShape shape = new(node);

    protected override Task<IReadOnlyDictionary<string, string?>> Storage() => shape.Start();

    protected override ValueTask ReleaseStorage() => shape.DisposeAsync();
}

/// <summary><see cref="NorthamptonshireReviewTests"/> over RabbitMQ.</summary>
[Collection(RabbitMqTests.Name)]
public sealed class NorthamptonshireReviewOverRabbitMqTests(RabbitMqNode node) : NorthamptonshireReviewTests
{
    private readonly BrokerShape shape = new(node);

    protected override Task<IReadOnlyDictionary<string, string?>> Storage() => shape.Start();

    protected override ValueTask ReleaseStorage() => shape.DisposeAsync();
}

/// <summary><see cref="DarlingtonReviewTests"/> over RabbitMQ.</summary>
[Collection(RabbitMqTests.Name)]
public sealed class DarlingtonReviewOverRabbitMqTests(RabbitMqNode node) : DarlingtonReviewTests
{
    private readonly BrokerShape shape = new(node);

    protected override Task<IReadOnlyDictionary<string, string?>> Storage() => shape.Start();

    protected override ValueTask ReleaseStorage() => shape.DisposeAsync();
}

/// <summary><see cref="GloucestershireReviewTests"/> over RabbitMQ.</summary>
[Collection(RabbitMqTests.Name)]
public sealed class GloucestershireReviewOverRabbitMqTests(RabbitMqNode node) : GloucestershireReviewTests
{
    private readonly BrokerShape shape = new(node);

    protected override Task<IReadOnlyDictionary<string, string?>> Storage() => shape.Start();

    protected override ValueTask ReleaseStorage() => shape.DisposeAsync();
}

/// <summary><see cref="LlrReviewTests"/> over RabbitMQ.</summary>
[Collection(RabbitMqTests.Name)]
public sealed class LlrReviewOverRabbitMqTests(RabbitMqNode node) : LlrReviewTests
{
    private readonly BrokerShape shape = new(node);

    protected override Task<IReadOnlyDictionary<string, string?>> Storage() => shape.Start();

    protected override ValueTask ReleaseStorage() => shape.DisposeAsync();
}

/// <summary><see cref="NationalReviewTests"/> over RabbitMQ.</summary>
[Collection(RabbitMqTests.Name)]
public sealed class NationalReviewOverRabbitMqTests(RabbitMqNode node) : NationalReviewTests
{
    private readonly BrokerShape shape = new(node);

    protected override Task<IReadOnlyDictionary<string, string?>> Storage() => shape.Start();

    protected override ValueTask ReleaseStorage() => shape.DisposeAsync();
}
