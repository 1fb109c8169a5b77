using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Tests.Postgres;

namespace Orchestration.Orchestrator.Tests.Postgres;

// The end-to-end review scenarios, unchanged, on PostgreSQL: each test's orchestrator gets fresh databases
// (reviews and ledger) on the test server. Only where the data is kept differs from the embedded default.

/// <summary><see cref="WarringtonReviewTests"/> on PostgreSQL.</summary>
[Collection(PostgresTests.Name)]
public sealed class WarringtonReviewOnPostgreSqlTests(PostgresServer server) : WarringtonReviewTests
{
    private PostgresStore? store;

    protected override async Task<IReadOnlyDictionary<string, string?>> Storage() => (store = await PostgresStore.Create(server)).Settings();

    protected override ValueTask ReleaseStorage() => store?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary><see cref="NorthamptonshireReviewTests"/> on PostgreSQL.</summary>
[Collection(PostgresTests.Name)]
public sealed class NorthamptonshireReviewOnPostgreSqlTests(PostgresServer server) : NorthamptonshireReviewTests
{
    private PostgresStore? store;

    protected override async Task<IReadOnlyDictionary<string, string?>> Storage() => (store = await PostgresStore.Create(server)).Settings();

    protected override ValueTask ReleaseStorage() => store?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary><see cref="DarlingtonReviewTests"/> (learning actions escalated by missed deadlines) on PostgreSQL.</summary>
[Collection(PostgresTests.Name)]
public sealed class DarlingtonReviewOnPostgreSqlTests(PostgresServer server) : DarlingtonReviewTests
{
    private PostgresStore? store;

    protected override async Task<IReadOnlyDictionary<string, string?>> Storage() => (store = await PostgresStore.Create(server)).Settings();

    protected override ValueTask ReleaseStorage() => store?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary><see cref="Delivery.NotificationDeliveryTests"/> (the workers in process, over a real SMTP server) on PostgreSQL.</summary>
[Collection(PostgresTests.Name)]
public sealed class NotificationDeliveryOnPostgreSqlTests(PostgresServer server) : Delivery.NotificationDeliveryTests
{
    private PostgresStore? store;

    protected override async Task<IReadOnlyDictionary<string, string?>> Storage() => (store = await PostgresStore.Create(server)).Settings();

    protected override ValueTask ReleaseStorage() => store?.DisposeAsync() ?? ValueTask.CompletedTask;
}
