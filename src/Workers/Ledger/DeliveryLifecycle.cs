using Stateless;
using Stateless.Graph;

namespace Orchestration.Workers.Ledger;

/// <summary>What moves a delivery along.</summary>
public enum DeliveryTrigger
{
    /// <summary>A dispatcher claims it for an attempt.</summary>
    Attempt,

    /// <summary>The gateway accepted the message.</summary>
    Accepted,

    /// <summary>The attempt failed for a reason that may pass (connection refused, 4xx, timeout).</summary>
    FailedTransiently,

    /// <summary>The attempt failed for a reason that will not pass (5xx, no address, bad template), or the attempts ran out.</summary>
    FailedPermanently,

    /// <summary>An operator puts a failed or dead-lettered delivery back in the queue, to be attempted now.</summary>
    Requeue,
}

/// <summary>
/// A delivery's lifecycle: pending → sending → sent; a transient failure → failed, then retrying after the
/// backoff; a permanent failure, or the last attempt failing, → dead-lettered; an operator can requeue a
/// failed (without waiting for its backoff) or dead-lettered delivery. The rules live here; the dispatcher and
/// the consumer of retries only fire triggers.
/// </summary>
public sealed class DeliveryLifecycle
{
    private readonly Delivery delivery;
    private readonly StateMachine<DeliveryState, DeliveryTrigger> machine;

    /// <summary>Wraps a ledger row; firing a trigger changes its <see cref="Delivery.State"/>.</summary>
    public DeliveryLifecycle(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        this.delivery = delivery;
        machine = new StateMachine<DeliveryState, DeliveryTrigger>(() => this.delivery.State, state => this.delivery.State = state);
        machine.Configure(DeliveryState.Pending)
            .Permit(DeliveryTrigger.Attempt, DeliveryState.Sending)
            .Permit(DeliveryTrigger.FailedPermanently, DeliveryState.DeadLettered);
        machine.Configure(DeliveryState.Failed)
            .Permit(DeliveryTrigger.Attempt, DeliveryState.Retrying)
            .Permit(DeliveryTrigger.FailedPermanently, DeliveryState.DeadLettered)
            .Permit(DeliveryTrigger.Requeue, DeliveryState.Pending);

        // The first attempt and a later one end the same ways; a lapsed claim is attempted again in place.
        foreach (var underWay in new[] { DeliveryState.Sending, DeliveryState.Retrying })
        {
            machine.Configure(underWay)
                .PermitReentry(DeliveryTrigger.Attempt)
                .Permit(DeliveryTrigger.Accepted, DeliveryState.Sent)
                .Permit(DeliveryTrigger.FailedTransiently, DeliveryState.Failed)
                .Permit(DeliveryTrigger.FailedPermanently, DeliveryState.DeadLettered);
        }
        machine.Configure(DeliveryState.DeadLettered)
            .Permit(DeliveryTrigger.Requeue, DeliveryState.Pending);
        machine.Configure(DeliveryState.Sent);
    }

    /// <summary>Whether the trigger is allowed now.</summary>
    public bool CanFire(DeliveryTrigger trigger) => machine.CanFire(trigger);

    /// <summary>Fires the trigger; throws <see cref="InvalidOperationException"/> when it is not allowed now.</summary>
    public void Fire(DeliveryTrigger trigger) => machine.Fire(trigger);

    /// <summary>The lifecycle as a Mermaid state diagram, for the documentation.</summary>
    public static string ToMermaid() =>
        MermaidGraph.Format(new DeliveryLifecycle(new Delivery()).machine.GetInfo());
}
