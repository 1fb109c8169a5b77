using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Orchestration.Infrastructure;
using Orchestration.Infrastructure.PersonalData;
using Orchestration.Infrastructure.Telemetry;

namespace Orchestration.Workers.Ledger;

/// <summary>
/// The workers' database: the delivery ledger. Its schema comes from the migrations: SQLite's in
/// <c>Ledger/Migrations/</c> (this type's), PostgreSQL's in <c>Ledger/PostgreSqlMigrations/</c> (<see cref="PostgreSqlWorkersDbContext"/>'s).
/// </summary>
public class WorkersDbContext : DbContext
{
    /// <summary>The context on SQLite, whose migrations are this type's.</summary>
    public WorkersDbContext(DbContextOptions<WorkersDbContext> options)
        : base(options)
    {
    }

    /// <summary>The context for a provider's subclass, which carries that provider's migrations.</summary>
    protected WorkersDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Every notification the workers were asked to send, and what became of it.</summary>
    public DbSet<Delivery> Deliveries => Set<Delivery>();

    /// <inheritdoc />
    /// <remarks>On SQLite the save waits its turn to write (<see cref="SqliteWriteGate.SaveInTurn"/>).</remarks>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        SqliteWriteGate.SaveInTurn(this, acceptAllChangesOnSuccess, base.SaveChangesAsync, cancellationToken);

    /// <inheritdoc />
    /// <remarks>On SQLite the save waits its turn to write (<see cref="SqliteWriteGate.SaveInTurnNow"/>).</remarks>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SqliteWriteGate.SaveInTurnNow(this, acceptAllChangesOnSuccess, base.SaveChanges);

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var protector = ProtectedColumns.ProtectorOf(this);
        modelBuilder.Entity<Delivery>(delivery =>
        {
            delivery.ToTable("deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).ValueGeneratedOnAdd();
            delivery.Property(d => d.IdempotencyKey).HasMaxLength(400);
            delivery.HasIndex(d => d.IdempotencyKey).IsUnique();
            delivery.Property(d => d.Partnership).HasMaxLength(64);
            delivery.Property(d => d.Kind).HasMaxLength(64);
            delivery.Property(d => d.RecipientRole).HasMaxLength(64);
            delivery.Property(d => d.Rule).HasMaxLength(200);
            delivery.Property(d => d.MessageId).HasMaxLength(200);
            delivery.Property(d => d.LastError).HasMaxLength(500);

            // The command carries the facts (a reason, the lead reviewer) and the referrer's address: encrypted at rest.
            delivery.Property(d => d.Command).IsPersonal(protector);
            delivery.Property(d => d.TraceParent).HasMaxLength(StoredTraceContext.TraceParentLength);
            delivery.Property(d => d.TraceState).HasMaxLength(StoredTraceContext.TraceStateLength);
            delivery.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.OutcomeToReport).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.OutcomeReported).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.Version).IsConcurrencyToken();
            delivery.HasIndex(d => d.ReviewId);

            // The dispatcher's and the reporter's questions are answered from these indexes.
            delivery.HasIndex(d => new { d.State, d.NextAttemptAt });
            delivery.HasIndex(d => d.Id).HasDatabaseName("IX_deliveries_unreported").HasFilter("\"OutcomeToReport\" IS NOT NULL");
            delivery.HasIndex(d => d.ReportedAt);
        });

        if (Database.IsSqlite())
        {
            modelBuilder.StoreInstantsAsTicks();
        }
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting a host.</summary>
public sealed class DesignTimeWorkersDbContextFactory : IDesignTimeDbContextFactory<WorkersDbContext>
{
    /// <inheritdoc />
    public WorkersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkersDbContext>().UseSqlite(WorkersRegistration.DefaultConnectionString).Options);
}
