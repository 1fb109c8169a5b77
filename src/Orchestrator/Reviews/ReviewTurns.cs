using MassTransit;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// Lets one message at a time reach each review inside this process. Several messages for one review arriving
/// together (the outcomes of a dozen deliveries reported in the same second) would otherwise all read the same
/// version of the review, and all but one would fail on it and retry in step; taking turns here leaves only the
/// collisions between instances to the retry. The turns are striped: two reviews may share a stripe, which only
/// makes one of them wait.
/// </summary>
public sealed class ReviewTurns : IDisposable
{
    private readonly SemaphoreSlim[] stripes;

    /// <summary>Creates the turns with the given number of stripes.</summary>
    public ReviewTurns(int stripeCount = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stripeCount, 1);
        stripes = Enumerable.Range(0, stripeCount).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    }

    /// <summary>Waits for the review's turn; dispose the result to end it.</summary>
    public async Task<IDisposable> Take(Guid reviewId, CancellationToken cancellationToken)
    {
        var stripe = stripes[(int)((uint)reviewId.GetHashCode() % (uint)stripes.Length)];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(stripe);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var stripe in stripes)
        {
            stripe.Dispose();
        }
    }

    private sealed class Turn(SemaphoreSlim stripe) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}

/// <summary>The consume filter that makes each message wait for its review's turn (inside the message retry).</summary>
public sealed class ReviewTurnFilter<T>(ReviewTurns turns) : IFilter<ConsumeContext<T>>
    where T : class
{
    /// <inheritdoc />
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var (reviewId, _) = ReviewMessageKey.Of(context);
        if (reviewId == Guid.Empty)
        {
            await next.Send(context).ConfigureAwait(false);
            return;
        }

        using (await turns.Take(reviewId, context.CancellationToken).ConfigureAwait(false))
        {
            await next.Send(context).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context?.CreateFilterScope("reviewTurns");
}
