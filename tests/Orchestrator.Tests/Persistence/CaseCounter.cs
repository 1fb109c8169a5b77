using MassTransit;
using Microsoft.EntityFrameworkCore;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Tests.Persistence;

// A small saga that exercises the repository without the review lifecycle: opened once, touched many times.
public sealed record CaseOpened(Guid CaseId);

public sealed record CaseTouched(Guid CaseId);

public sealed class CaseCounterState : IVersionedSaga
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public int Version { get; set; }

    public int Touches { get; set; }
}

public sealed class CaseCounterStateMachine : MassTransitStateMachine<CaseCounterState>
{
    public CaseCounterStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Opened, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => Touched, e => e.CorrelateById(m => m.Message.CaseId));

        Initially(When(Opened).TransitionTo(Open));
        During(Open, Ignore(Opened), When(Touched).Then(x => x.Saga.Touches++));
    }

    public State Open { get; private set; } = null!;

    public Event<CaseOpened> Opened { get; private set; } = null!;

    public Event<CaseTouched> Touched { get; private set; } = null!;
}

public sealed class CaseCounterDbContext(DbContextOptions<CaseCounterDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var saga = modelBuilder.Entity<CaseCounterState>();
        saga.HasKey(x => x.CorrelationId);
        saga.Property(x => x.CorrelationId).ValueGeneratedNever();
        saga.Property(x => x.CurrentState).HasMaxLength(64);
        saga.Property(x => x.Version).IsConcurrencyToken();
    }
}
