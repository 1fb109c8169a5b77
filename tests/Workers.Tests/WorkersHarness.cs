using MassTransit;
using MassTransit.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestration.Contracts;
using Orchestration.Workers.Ledger;
using Orchestration.Workers.Tests.Postgres;

namespace Orchestration.Workers.Tests;

/// <summary>
/// The workers as a host would run them (AddWorkers, AddWorkerConsumers) on MassTransit's test harness, with
/// a ledger, pickup folder and document store of their own, a clock the test moves, and the dispatcher and
/// reporter driven by the test (DispatchOnce, ReportOnce) so that every attempt happens when the test says.
/// </summary>
public sealed class WorkersHarness : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("workers-").FullName;

    private WorkersHarness()
    {
    }

    /// <summary>The clock: 14 January 2027, 10:00 UTC, until the test moves it.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 1, 14, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The container.</summary>
    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>MassTransit's test harness.</summary>
    public ITestHarness Bus { get; private set; } = null!;

    /// <summary>The pickup folder (when the channel is Pickup).</summary>
    public string PickupFolder => Path.Combine(folder, "pickup");

    /// <summary>The document store.</summary>
    public string DocumentFolder => Path.Combine(folder, "documents");

    /// <summary>The dispatcher.</summary>
    public DeliveryDispatcher Dispatcher => Services.GetRequiredService<DeliveryDispatcher>();

    /// <summary>The reporter.</summary>
    public OutcomeReporter Reporter => Services.GetRequiredService<OutcomeReporter>();

    /// <summary>Starts workers whose configuration is the defaults laid over with <paramref name="settings"/>.</summary>
    public static async Task<WorkersHarness> Start(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var harness = new WorkersHarness();
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Workers"] = $"Data Source={Path.Combine(harness.folder, "workers.db")}",
            ["Email:PickupDirectory"] = harness.PickupFolder,
            ["Documents:Path"] = harness.DocumentFolder,
            ["Delivery:DispatcherEnabled"] = "false",
            ["Delivery:FirstRetryDelay"] = "00:00:30",
            ["Recipients:Default:NationalPanel"] = "Mailbox.NationalReviewPanel@education.gov.uk",
            ["Recipients:Default:Ofsted"] = "SCR.SIN@ofsted.gov.uk",
            ["Recipients:Default:SecretaryOfState"] = "Mailbox.CPOD@education.gov.uk",
            ["Recipients:Default:NspccRepository"] = "information@nspcc.org.uk",
            ["Recipients:Partnerships:warrington:Name"] = "Warrington Safeguarding Partnership",
            ["Recipients:Partnerships:warrington:From"] = "Warrington CSPR <cspr@warrington.example>",
            ["Recipients:Partnerships:warrington:Roles:BusinessUnit"] = "business-unit@warrington.example",
            ["Recipients:Partnerships:warrington:Roles:SafeguardingPartners"] = "la@warrington.example, police@warrington.example, icb@warrington.example",
            ["Recipients:Partnerships:warrington:Roles:HeadOfService"] = "head-of-service@warrington.example",
            ["Recipients:Partnerships:warrington:Roles:ChiefOfficer"] = "chief-officer@warrington.example",
            ["Recipients:Partnerships:warrington:Roles:Agencies"] = "agencies@warrington.example",
            ["Recipients:Partnerships:warrington:Roles:CommunicationsTeam"] = "comms@warrington.example",
            ["Recipients:Partnerships:warrington:Agencies:Cheshire Police"] = "cpr-disclosures@police.example",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton<TimeProvider>(harness.Clock);
        services.AddWorkers(configuration, recoverReportsOnStart: false);
        services.AddMassTransitTestHarness(bus => bus.AddWorkerConsumers());
        harness.Services = services.BuildServiceProvider();
        await harness.Migrate().ConfigureAwait(false);
        harness.Bus = harness.Services.GetRequiredService<ITestHarness>();
        await harness.Bus.Start().ConfigureAwait(false);
        return harness;
    }

    /// <summary>
    /// Configuration that keeps the ledger in <paramref name="ledger"/>, a PostgreSQL database of the test server
    /// (<c>Database:Provider=PostgreSQL</c>), laid over <paramref name="settings"/>.
    /// </summary>
    public static Dictionary<string, string?> OnPostgreSql(PostgresDatabase ledger, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Workers"] = ledger.ConnectionString,
        };
        return values;
    }

    /// <summary>Sends a command to the workers as the orchestrator's relay would, and waits until it is consumed.</summary>
    public async Task Send<T>(T command, Guid? messageId = null) where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        await Bus.Bus.Publish(command, context => context.MessageId = id).ConfigureAwait(false);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Bus.Consumed.Select<T>(m => m.Context.MessageId == id).Any())
        {
            Assert.True(DateTime.UtcNow < deadline, "the workers did not consume the command within 10 seconds");
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>The ledger's rows now.</summary>
    public async Task<List<Delivery>> Ledger()
    {
        using var scope = Services.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<WorkersDbContext>();
        return await database.Deliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync().ConfigureAwait(false);
    }

    /// <summary>Changes the ledger directly (a test standing in for a crash at a given point).</summary>
    public async Task OnLedger(Func<WorkersDbContext, Task> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var scope = Services.CreateScope();
        await change(scope.ServiceProvider.GetRequiredService<WorkersDbContext>()).ConfigureAwait(false);
    }

    /// <summary>What the workers told the review, in order.</summary>
    public IReadOnlyList<IReviewEvent> Reported() =>
        [.. Bus.Published.Select<IReviewEvent>().Select(m => m.Context.Message)];

    /// <summary>Dispatches, then reports: one round of each.</summary>
    public async Task<int> Round()
    {
        var attempts = await Dispatcher.DispatchOnce(CancellationToken.None).ConfigureAwait(false);
        await Reporter.ReportOnce(CancellationToken.None).ConfigureAwait(false);
        return attempts;
    }

    private async Task Migrate()
    {
        using var scope = Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<WorkersDbContext>().Database.MigrateAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Bus.Stop().ConfigureAwait(false);
        await Services.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
