using MassTransit;
using MassTransit.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Tests.Persistence;

/// <summary>
/// Our EF Core saga repository on a real SQLite file (or another database, <see cref="Database"/>), driven through
/// MassTransit's own test harness.
/// </summary>
public class DbSagaRepositoryTests : IAsyncLifetime
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"saga-{Guid.NewGuid():N}.db");
    private ServiceProvider provider = null!;
    private ITestHarness harness = null!;

    public async Task InitializeAsync()
    {
        var database = await Database();
        provider = new ServiceCollection()
            .AddDbContext<CaseCounterDbContext>(database)
            .AddMassTransitTestHarness(bus =>
            {
                var saga = bus.AddSagaStateMachine<CaseCounterStateMachine, CaseCounterState>((context, endpoint) =>
                {
                    // The retry sits before the repository, so each attempt reads the row afresh.
                    endpoint.UseMessageRetry(retry =>
                    {
                        retry.Handle<DbUpdateException>();
                        retry.Immediate(20);
                    });
                    endpoint.UseInMemoryOutbox(context);
                });
                saga.DbContextRepository<CaseCounterState, CaseCounterDbContext>();
            })
            .BuildServiceProvider(validateScopes: true);

        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CaseCounterDbContext>().Database.EnsureCreatedAsync();
        }

        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    public async Task DisposeAsync()
    {
        await harness.Stop();
        await provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(file);
        await ReleaseDatabase();
    }

    /// <summary>The database the cases are kept in: a SQLite file of the test's own here.</summary>
    protected virtual Task<Action<DbContextOptionsBuilder>> Database() =>
        Task.FromResult<Action<DbContextOptionsBuilder>>(options => options.UseSqlite($"Data Source={file}"));

    /// <summary>Releases what <see cref="Database"/> made.</summary>
    protected virtual ValueTask ReleaseDatabase() => ValueTask.CompletedTask;

    [Fact]
    public async Task An_opened_case_is_stored_as_a_row_at_version_1()
    {
        var id = Guid.NewGuid();

        await harness.Bus.Publish(new CaseOpened(id));

        var machine = harness.GetSagaStateMachineHarness<CaseCounterStateMachine, CaseCounterState>();
        Assert.NotNull(await machine.Exists(id, m => m.Open));
        var row = await Eventually(id, r => r is not null);
        Assert.Equal("Open", row!.CurrentState);
        Assert.Equal(1, row.Version);
    }

    [Fact]
    public async Task Each_change_raises_the_version_by_one()
    {
        var id = Guid.NewGuid();
        await harness.Bus.Publish(new CaseOpened(id));
        await Eventually(id, r => r is not null);

        await harness.Bus.Publish(new CaseTouched(id));
        await Eventually(id, r => r!.Touches == 1);
        await harness.Bus.Publish(new CaseTouched(id));

        var row = await Eventually(id, r => r!.Touches == 2);
        Assert.Equal(3, row!.Version);
    }

    [Fact]
    public async Task An_event_that_changes_nothing_leaves_the_version_alone()
    {
        var id = Guid.NewGuid();
        await harness.Bus.Publish(new CaseOpened(id));
        await Eventually(id, r => r is not null);

        await harness.Bus.Publish(new CaseOpened(id));   // ignored in Open
        await harness.Bus.Publish(new CaseTouched(id));

        var row = await Eventually(id, r => r!.Touches == 1);
        Assert.Equal(2, row!.Version);
    }

    [Fact]
    public async Task Concurrent_events_for_one_case_are_all_applied_none_lost()
    {
        var id = Guid.NewGuid();
        await harness.Bus.Publish(new CaseOpened(id));
        await Eventually(id, r => r is not null);

        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => harness.Bus.Publish(new CaseTouched(id))));

        var row = await Eventually(id, r => r!.Touches == 25);
        Assert.Equal(26, row!.Version);
        Assert.False(await harness.Published.Any<Fault<CaseTouched>>());
    }

    [Fact]
    public async Task A_stale_write_is_refused_by_the_version_token()
    {
        var id = Guid.NewGuid();
        await harness.Bus.Publish(new CaseOpened(id));
        await Eventually(id, r => r is not null);

        await using var first = provider.CreateAsyncScope();
        await using var second = provider.CreateAsyncScope();
        var a = first.ServiceProvider.GetRequiredService<CaseCounterDbContext>();
        var b = second.ServiceProvider.GetRequiredService<CaseCounterDbContext>();
        var mine = await a.Set<CaseCounterState>().SingleAsync(x => x.CorrelationId == id);
        var theirs = await b.Set<CaseCounterState>().SingleAsync(x => x.CorrelationId == id);

        theirs.Touches = 10;
        theirs.Version++;
        await b.SaveChangesAsync();
        mine.Touches = 1;
        mine.Version++;

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => a.SaveChangesAsync());
    }

    private async Task<CaseCounterState?> Eventually(Guid id, Func<CaseCounterState?, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var scope = provider.CreateAsyncScope();
            var row = await scope.ServiceProvider.GetRequiredService<CaseCounterDbContext>()
                .Set<CaseCounterState>().AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == id);
            if ((row is not null || condition(null)) && condition(row))
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The saga row never reached the expected state (last seen: version {row?.Version}, touches {row?.Touches}).");
            await Task.Delay(25);
        }
    }
}
