using System.Collections.Concurrent;
using System.Data.Common;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Tests.Durability;

/// <summary>
/// Every message the orchestrator's bus publishes and every delivery its endpoints finish, with the transport
/// message id: attached when the bus is built, so it also sees what the relay sends during start-up.
/// </summary>
public sealed class BusTraffic : IPublishObserver, IReceiveObserver
{
    private readonly ConcurrentQueue<(Guid? MessageId, object Message)> published = new();
    private readonly ConcurrentQueue<(Guid? MessageId, string Endpoint)> received = new();

    /// <summary>What was published, with the id it went with.</summary>
    public IReadOnlyList<(Guid? MessageId, object Message)> Published => [.. published];

    /// <summary>How many times an endpoint (by queue name) finished receiving the message id.</summary>
    public int Deliveries(Guid messageId, string endpoint) =>
        received.Count(r => r.MessageId == messageId && r.Endpoint == endpoint);

    /// <inheritdoc />
    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    /// <inheritdoc />
    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        published.Enqueue((context.MessageId, context.Message));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    /// <inheritdoc />
    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PostReceive(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        received.Enqueue((context.GetMessageId(), context.InputAddress.AbsolutePath.Trim('/')));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    /// <inheritdoc />
    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    /// <inheritdoc />
    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
}

/// <summary>The tests' orchestrator on a database file the test owns, watched by <see cref="BusTraffic"/> from its start.</summary>
public sealed class ObservedOrchestratorFactory(IReadOnlyDictionary<string, string?> settings) : OrchestratorFactory
{
    /// <summary>The bus traffic since the host was built.</summary>
    public BusTraffic Traffic { get; } = new();

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = settings;

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddPublishObserver(_ => Traffic);
            services.AddReceiveObserver(_ => Traffic);
        });
    }
}

/// <summary>Records the SELECTs the orchestrator runs against the deadline ledger, with their parameters.</summary>
public sealed class LedgerQueries : DbCommandInterceptor
{
    private readonly ConcurrentQueue<(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)> commands = new();

    /// <summary>The statements seen so far, in order.</summary>
    public IReadOnlyList<(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)> Commands => [.. commands];

    /// <inheritdoc />
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    /// <inheritdoc />
    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command)
    {
        if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains("FROM \"deadlines\"", StringComparison.Ordinal))
        {
            commands.Enqueue((command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
        }
    }
}

/// <summary>The tests' orchestrator on a file the test owns, with <see cref="LedgerQueries"/> on its database context.</summary>
public sealed class LedgerWatchingFactory(IReadOnlyDictionary<string, string?> settings) : OrchestratorFactory
{
    /// <summary>What the orchestrator asked the ledger.</summary>
    public LedgerQueries Queries { get; } = new();

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = settings;

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<ReviewsDbContext>(options => options.AddInterceptors(Queries)));
    }
}

/// <summary>
/// The orchestrator as a training or simulation deployment runs it: <c>Clock:Mode=Virtual</c> with its own
/// <see cref="Orchestration.Orchestrator.Hosting.VirtualClock"/> (the real one, not the tests' fake), on a file the test owns.
/// </summary>
public sealed class VirtualClockFactory(DatabaseFile file, string start, string environment = "Development") : WebApplicationFactory<Program>
{
    /// <summary>The bus traffic since the host was built.</summary>
    public BusTraffic Traffic { get; } = new();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Reviews", file.ConnectionString);
        builder.UseSetting("Clock:Mode", "Virtual");
        builder.UseSetting("Clock:Start", start);
        if (environment != "Production")
        {
            builder.UseSetting("Auth:DevelopmentApiKey", OrchestratorFactory.DevelopmentKey);
        }

        // Only the advance endpoint moves and fires, so every firing is attributable to one advance.
        builder.UseSetting("Deadlines:PumpEnabled", "false");

        // The tests here play the workers' part on the bus themselves.
        builder.UseSetting("Workers:InProcess", "false");
        builder.ConfigureTestServices(services => services.AddPublishObserver(_ => Traffic));
    }

    /// <inheritdoc />
    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(OrchestratorFactory.ApiKeyHeader, OrchestratorFactory.DevelopmentKey);
    }
}
