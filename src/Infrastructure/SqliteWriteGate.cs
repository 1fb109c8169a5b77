using Microsoft.EntityFrameworkCore;

namespace Orchestration.Infrastructure;

/// <summary>
/// Lets one <c>SaveChanges</c> at a time write a SQLite file from this process. SQLite has one writer: a connection
/// that asks for the write lock while another holds it is refused, and Microsoft.Data.Sqlite then sleeps 150 ms on a
/// thread-pool thread before it asks again. Under load much of the saga's time went on those sleeps. A writer that
/// waits here instead holds no thread and goes in the moment the writer before it has committed. A context opts in by
/// saving through <see cref="SaveInTurn"/> (<c>ReviewsDbContext</c>, <c>WorkersDbContext</c>); a save inside an explicit
/// transaction takes no turn, that transaction already holding the lock. One gate per database file
/// (<see cref="DatabaseRegistration.AddDatabase{TContext, TPostgreSqlContext}"/> registers it on SQLite only).
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim turn = new(1, 1);

    /// <summary>
    /// Saves <paramref name="context"/> in its turn: <paramref name="save"/> (the context's own <c>SaveChangesAsync</c>) runs
    /// inside the turn without accepting the changes, the turn is given back as soon as it has committed or failed, and
    /// the changes are accepted after (the tracker's new snapshots, a copy of every JSON column, taken outside the turn).
    /// </summary>
    public static async Task<int> SaveInTurn(DbContext context, bool acceptAllChangesOnSuccess, Func<bool, CancellationToken, Task<int>> save,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(save);
        int saved;
        using (await Enter(context, cancellationToken).ConfigureAwait(false))
        {
            saved = await save(false, cancellationToken).ConfigureAwait(false);
        }

        if (acceptAllChangesOnSuccess)
        {
            context.ChangeTracker.AcceptAllChanges();
        }

        return saved;
    }

    /// <summary>The synchronous <see cref="SaveInTurn"/>, for <c>SaveChanges</c>.</summary>
    public static int SaveInTurnNow(DbContext context, bool acceptAllChangesOnSuccess, Func<bool, int> save)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(save);
        int saved;
        using (EnterNow(context))
        {
            saved = save(false);
        }

        if (acceptAllChangesOnSuccess)
        {
            context.ChangeTracker.AcceptAllChanges();
        }

        return saved;
    }

    /// <summary>Waits for this context's turn to write; dispose the result once the save has ended, however it ended.</summary>
    public static async ValueTask<Turn> Enter(DbContext context, CancellationToken cancellationToken)
    {
        if (GateFor(context) is not { } gate)
        {
            return default;
        }

        await gate.turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(gate);
    }

    /// <summary>The synchronous <see cref="Enter"/>, for <c>SaveChanges</c>.</summary>
    private static Turn EnterNow(DbContext context)
    {
        if (GateFor(context) is not { } gate)
        {
            return default;
        }

        gate.turn.Wait();
        return new Turn(gate);
    }

    // The context's gate, or none: on another provider, or inside an explicit transaction (which holds SQLite's lock).
    private static SqliteWriteGate? GateFor(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Database.CurrentTransaction is null ? CarriedOptionExtension<SqliteWriteGate>.Of(context) : null;
    }

    /// <inheritdoc />
    public void Dispose() => turn.Dispose();

    /// <summary>Gives the context this gate (its saves take turns through <see cref="Enter"/>).</summary>
    internal void AttachTo(DbContextOptionsBuilder options) => CarriedOptionExtension<SqliteWriteGate>.Carry(options, this, nameof(SqliteWriteGate));

    /// <summary>A held turn; disposing it lets the next writer in.</summary>
    public readonly struct Turn(SqliteWriteGate? gate) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => gate?.turn.Release();
    }
}

/// <summary>The gate of one context type's SQLite file (a singleton per context type).</summary>
/// <typeparam name="TContext">The context whose file it guards.</typeparam>
public sealed class SqliteWriteGate<TContext> : IDisposable
    where TContext : DbContext
{
    /// <summary>The gate.</summary>
    public SqliteWriteGate Gate { get; } = new();

    /// <inheritdoc />
    public void Dispose() => Gate.Dispose();
}
