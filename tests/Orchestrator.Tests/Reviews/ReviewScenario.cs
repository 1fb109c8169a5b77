namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>
/// What every end-to-end review test starts from: the orchestrator on its embedded default (its own database,
/// the tests' clock), an API client, and a listener on the bus for what the reviews emit. A subclass may keep
/// the orchestrator's data and traffic elsewhere (<see cref="Storage"/>: the same scenarios on PostgreSQL, or over RabbitMQ).
/// </summary>
public abstract class ReviewScenario : IAsyncLifetime
{
    /// <summary>The orchestrator under test.</summary>
    protected OrchestratorFactory Factory { get; private set; } = null!;

    /// <summary>Drives reviews through the HTTP API.</summary>
    protected ReviewClient Client { get; private set; } = null!;

    /// <summary>Records the commands and rejections the reviews emit.</summary>
    protected BusRecorder Bus { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Factory = OrchestratorFactory.With(await Storage());
        Client = new ReviewClient(Factory.CreateClient());
        Bus = await BusRecorder.Start(Factory.Services);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Bus.DisposeAsync();
        await Factory.DisposeAsync();
        await ReleaseStorage();
    }

    /// <summary>
    /// Where the orchestrator keeps its data, as configuration laid over the tests' defaults: nothing here (SQLite
    /// files of the factory's own).
    /// </summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> Storage() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <summary>Releases what <see cref="Storage"/> made, once the orchestrator has stopped.</summary>
    protected virtual ValueTask ReleaseStorage() => ValueTask.CompletedTask;
}
