using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Orchestration.Orchestrator.Persistence;

/// <summary>Reads saga rows outside a message (queries, the test harness, the API): untracked, no writes.</summary>
internal sealed class DbSagaReadContext<TSaga>(DbContext database, CancellationToken cancellationToken) :
    BasePipeContext(cancellationToken),
    QuerySagaRepositoryContext<TSaga>,
    LoadSagaRepositoryContext<TSaga>
    where TSaga : class, IVersionedSaga
{
    public Task<TSaga> Load(Guid correlationId) =>
        database.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(saga => saga.CorrelationId == correlationId, CancellationToken)!;

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ids = await database.Set<TSaga>()
            .AsNoTracking()
            .Where(query.FilterExpression)
            .Select(saga => saga.CorrelationId)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return new DefaultSagaRepositoryQueryContext<TSaga>(this, ids);
    }
}
