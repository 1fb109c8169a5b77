using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Infrastructure;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Tests.Persistence;

/// <summary>
/// The SQLite write gate: the context's saves take turns in this process (so none sleeps in SQLite's busy handler),
/// a turn is always given back, however the save ended, and a save inside an explicit transaction takes none.
/// </summary>
public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly string folder = Directory.CreateTempSubdirectory("write-gate-").FullName;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Reviews"] = $"Data Source={Path.Combine(folder, "gate.db")}",
        }).Build();
        services = new ServiceCollection()
            .AddDatabase<ReviewsDbContext, PostgreSqlReviewsDbContext>(configuration, "Reviews", "Data Source=unused.db")
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReviewsDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_save_waits_while_another_holds_the_turn_and_goes_in_when_it_is_given_back()
    {
        await using var holder = services.CreateAsyncScope();
        await using var waiter = services.CreateAsyncScope();
        var first = holder.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        var second = waiter.ServiceProvider.GetRequiredService<ReviewsDbContext>();

        var turn = await SqliteWriteGate.Enter(first, CancellationToken.None);
        second.Inbox.Add(Processed("a"));
        var save = second.SaveChangesAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(save.IsCompleted, "the second save went in while the first held the turn");

        turn.Dispose();
        Assert.Equal(1, await save.WaitAsync(Patience));
        Assert.Equal(1, await Count());
    }

    [Fact]
    public async Task A_failed_save_gives_its_turn_back()
    {
        var messageId = Guid.NewGuid();
        await using (var scope = services.CreateAsyncScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            database.Inbox.Add(Processed("same", messageId));
            await database.SaveChangesAsync();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            database.Inbox.Add(Processed("same", messageId));
            await Assert.ThrowsAsync<DbUpdateException>(() => database.SaveChangesAsync());
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            database.Inbox.Add(Processed("next"));
            Assert.Equal(1, await database.SaveChangesAsync().WaitAsync(Patience));
        }

        Assert.Equal(2, await Count());
    }

    [Fact]
    public async Task A_cancelled_wait_takes_no_turn_and_leaves_the_gate_usable()
    {
        await using var holder = services.CreateAsyncScope();
        await using var waiter = services.CreateAsyncScope();
        var first = holder.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        var second = waiter.ServiceProvider.GetRequiredService<ReviewsDbContext>();

        using (await SqliteWriteGate.Enter(first, CancellationToken.None))
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            second.Inbox.Add(Processed("cancelled"));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.SaveChangesAsync(cancel.Token));
        }

        Assert.Equal(1, await second.SaveChangesAsync().WaitAsync(Patience));
    }

    [Fact]
    public async Task Many_concurrent_saves_all_commit()
    {
        var saves = Enumerable.Range(0, 40).Select(async i =>
        {
            await using var scope = services.CreateAsyncScope();
            var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
            database.Inbox.Add(Processed($"m{i}"));
            return await database.SaveChangesAsync();
        });

        var saved = await Task.WhenAll(saves).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(saved, s => Assert.Equal(1, s));
        Assert.Equal(40, await Count());
    }

    [Fact]
    public async Task A_save_inside_an_explicit_transaction_takes_no_turn()
    {
        await using var holder = services.CreateAsyncScope();
        await using var writer = services.CreateAsyncScope();
        var first = holder.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        var second = writer.ServiceProvider.GetRequiredService<ReviewsDbContext>();

        using (await SqliteWriteGate.Enter(first, CancellationToken.None))
        {
            // The transaction holds SQLite's own lock; its saves need no turn, and waiting for one here would be a
            // deadlock whenever the turn's holder waited for this transaction's lock.
            await using var transaction = await second.Database.BeginTransactionAsync();
            second.Inbox.Add(Processed("in a transaction"));
            Assert.Equal(1, await second.SaveChangesAsync().WaitAsync(Patience));
            await transaction.CommitAsync();
        }

        Assert.Equal(1, await Count());
    }

    private static InboxMessage Processed(string consumer, Guid? messageId = null) =>
        new() { Consumer = consumer, MessageId = messageId ?? Guid.NewGuid(), ReceivedAt = DateTimeOffset.UtcNow };

    private async Task<int> Count()
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReviewsDbContext>().Inbox.CountAsync();
    }
}
