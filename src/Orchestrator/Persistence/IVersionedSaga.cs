using MassTransit;

namespace Orchestration.Orchestrator.Persistence;

/// <summary>
/// A saga stored with an optimistic concurrency token: <see cref="Version"/> is 1 when the row is
/// inserted and goes up by one with every update that changes it. An update whose row has moved on
/// fails with <c>DbUpdateConcurrencyException</c> and the message is retried against a fresh read.
/// </summary>
public interface IVersionedSaga : SagaStateMachineInstance
{
    int Version { get; set; }
}
