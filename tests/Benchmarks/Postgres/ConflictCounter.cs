using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orchestration.Benchmarks.Postgres;

/// <summary>Counts saves the database refused (a stale version or a unique key): each is a conflict the endpoint's retry runs again.</summary>
public sealed class ConflictCounter : SaveChangesInterceptor
{
    private int conflicts;

    /// <summary>Refused saves so far.</summary>
    public int Conflicts => Volatile.Read(ref conflicts);

    /// <inheritdoc />
    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Exception is DbUpdateException)
        {
            Interlocked.Increment(ref conflicts);
        }

        return Task.CompletedTask;
    }
}
