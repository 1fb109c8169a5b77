namespace Orchestration.Infrastructure;

/// <summary>
/// Wakes a background loop when there is work (a commit that wrote rows for it), holding at most one pending
/// signal: one wake-up does everything waiting. Without a signal the loop polls.
/// </summary>
public class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    /// <summary>Says there is work.</summary>
    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up does everything waiting.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: what was committed waits in the database for the next start.
        }
    }

    /// <summary>Waits for a signal or the timeout.</summary>
    public Task<bool> Wait(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the semaphore.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            signal.Dispose();
        }
    }
}
