using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Orchestration.Orchestrator.Persistence;

/// <summary>
/// One message's view of the saga table: the calls MassTransit's saga pipe makes (insert, load, save,
/// update, delete, discard, undo) mapped onto one EF Core <see cref="DbContext"/>. Every write ends in a
/// single <c>SaveChanges</c>, so the saga row and anything else the transition added to the same
/// context (deadlines, timeline, outbox) commit together.
/// </summary>
internal sealed class DbSagaRepositoryContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, IVersionedSaga
    where TMessage : class
{
    private readonly DbContext database;
    private readonly ConsumeContext<TMessage> consumeContext;
    private readonly ISagaConsumeContextFactory<DbContext, TSaga> factory;

    public DbSagaRepositoryContext(DbContext database, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<DbContext, TSaga> factory)
        : base(consumeContext, database)
    {
        this.database = database;
        this.consumeContext = consumeContext;
        this.factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(database, consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        instance.Version = 1;
        var entry = await database.Set<TSaga>().AddAsync(instance, CancellationToken).ConfigureAwait(false);
        try
        {
            await database.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
            return await factory.CreateSagaConsumeContext(database, consumeContext, instance, SagaConsumeContextMode.Insert).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Someone else inserted it first: forget ours so the load that follows reads theirs.
            entry.State = EntityState.Detached;
            return null!;
        }
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        // The saga's owned rows (a review's deadlines) in a query of their own: joined, every one of them would
        // bring the saga's wide columns again.
        var instance = await database.Set<TSaga>().AsSplitQuery()
            .SingleOrDefaultAsync(saga => saga.CorrelationId == correlationId, CancellationToken)
            .ConfigureAwait(false);
        return instance is null
            ? null!
            : await factory.CreateSagaConsumeContext(database, consumeContext, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Saga.Version = 1;
        await database.Set<TSaga>().AddAsync(context.Saga, CancellationToken).ConfigureAwait(false);
        TrackRowsWrittenWith(context.Saga);
        await database.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
    }

    public async Task Update(SagaConsumeContext<TSaga> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        TrackRowsWrittenWith(context.Saga);
        var entry = database.Entry(context.Saga);

        // Changes are detected once, here: comparing the saga's JSON columns is the dearest part of a save, and
        // HasChanges and SaveChanges would each detect them again.
        var tracker = database.ChangeTracker;
        tracker.DetectChanges();
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            if (entry.State == EntityState.Modified || tracker.HasChanges())
            {
                // Any change to the saga's aggregate (its own columns, the rows it owns, the rows written with it)
                // moves the version on, so two transitions of one saga can never both commit.
                entry.Property(saga => saga.Version).CurrentValue = entry.Property(saga => saga.Version).OriginalValue + 1;
            }

            await database.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = true;
        }
    }

    private void TrackRowsWrittenWith(TSaga saga)
    {
        if (saga is IWritesRowsWithSaga writer)
        {
            foreach (var row in writer.RowsToAdd)
            {
                database.Add(row);
            }

            writer.RowsToAdd.Clear();
        }
    }

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        database.Set<TSaga>().Remove(context.Saga);
        await database.SaveChangesAsync(CancellationToken).ConfigureAwait(false);
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        database.Entry(context.Saga).State = EntityState.Unchanged;
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(database, consumeContext, instance, mode);
}
