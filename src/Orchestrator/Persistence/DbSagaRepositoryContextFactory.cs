using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Orchestration.Orchestrator.Persistence;

/// <summary>
/// Our EF Core saga repository, plugged into MassTransit where <c>MassTransit.EntityFrameworkCore</c>
/// would plug in (that package cannot be restored here). It uses the message scope's
/// <typeparamref name="TDbContext"/>, opens no explicit transaction (SQLite serialises writers inside
/// one, so optimistic conflicts could not surface) and relies on <see cref="IVersionedSaga.Version"/>
/// for concurrency: a conflict throws and the endpoint's retry runs the message again from a fresh read.
/// </summary>
public sealed class DbSagaRepositoryContextFactory<TDbContext, TSaga>(
    TDbContext database,
    ISagaConsumeContextFactory<DbContext, TSaga> consumeContextFactory,
    IServiceScopeFactory scopes) :
    ISagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>
    where TDbContext : DbContext
    where TSaga : class, IVersionedSaga
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(next);
        ForgetEarlierAttempts();
        var repositoryContext = new DbSagaRepositoryContext<TSaga, T>(database, context, consumeContextFactory);
        await next.Send(repositoryContext).ConfigureAwait(false);
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(next);
        ForgetEarlierAttempts();
        var instances = await database.Set<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var repositoryContext = new DbSagaRepositoryContext<TSaga, T>(database, context, consumeContextFactory);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances)).ConfigureAwait(false);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteRead(asyncMethod, cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        ExecuteRead(asyncMethod, cancellationToken);

    public void Probe(ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Add("persistence", "entity-framework-core");
        context.Add("dbContext", typeof(TDbContext).Name);
    }

    // A retried message may come back with the same scope, so the same DbContext: whatever an earlier,
    // failed attempt loaded or added is stale and must not be read or written again.
    private void ForgetEarlierAttempts() => database.ChangeTracker.Clear();

    // Reads outside a message get a scope of their own, so they never share a message's tracked entities.
    private async Task<T> ExecuteRead<T>(Func<DbSagaReadContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asyncMethod);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var readDatabase = scope.ServiceProvider.GetRequiredService<TDbContext>();
            return await asyncMethod(new DbSagaReadContext<TSaga>(readDatabase, cancellationToken)).ConfigureAwait(false);
        }
    }
}
