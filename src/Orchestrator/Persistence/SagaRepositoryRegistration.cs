using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Orchestration.Orchestrator.Persistence;

/// <summary>
/// Registers our EF Core saga repository for one saga, through the same hook
/// (<c>ISagaRegistrationConfigurator.Repository</c>) and in the same order the official
/// <c>EntityFrameworkRepository</c> uses, so a deployment with that package could swap it in here.
/// </summary>
public static class SagaRepositoryRegistration
{
    public static ISagaRegistrationConfigurator<TSaga> DbContextRepository<TSaga, TDbContext>(this ISagaRegistrationConfigurator<TSaga> saga)
        where TSaga : class, IVersionedSaga
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(saga);
        saga.Repository(repository =>
        {
            repository.RegisterLoadSagaRepository<TSaga, DbSagaRepositoryContextFactory<TDbContext, TSaga>>();
            repository.RegisterQuerySagaRepository<TSaga, DbSagaRepositoryContextFactory<TDbContext, TSaga>>();
            repository.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>, DbSagaRepositoryContextFactory<TDbContext, TSaga>>();
        });
        return saga;
    }
}
