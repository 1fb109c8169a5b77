namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>
/// What every end-to-end review test starts from: the orchestrator on its embedded default (its own database,
/// the tests' clock), an API client, and a listener on the bus for what the reviews emit.
/// </summary>
public abstract class ReviewScenario : IAsyncLifetime
{
    /// <summary>The orchestrator under test.</summary>
    protected OrchestratorFactory Factory { get; } = new();

    /// <summary>Drives reviews through the HTTP API.</summary>
    protected ReviewClient Client { get; private set; } = null!;

    /// <summary>Records the commands and rejections the reviews emit.</summary>
    protected BusRecorder Bus { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Client = new ReviewClient(Factory.CreateClient());
        Bus = await BusRecorder.Start(Factory.Services);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Bus.DisposeAsync();
        await Factory.DisposeAsync();
    }
}
