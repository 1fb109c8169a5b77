using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestration.Infrastructure;
using Orchestration.Infrastructure.PersonalData;
using Orchestration.Infrastructure.Telemetry;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Persistence;

/// <summary>
/// The orchestrator's database: reviews (the saga rows), their deadlines, timelines and referrals. One
/// transition writes all of them in one transaction. The schema comes from the migrations: SQLite's in
/// <c>Migrations/</c> (this type's), PostgreSQL's in <c>PostgreSqlMigrations/</c> (<see cref="PostgreSqlReviewsDbContext"/>'s).
/// Personal columns (<see cref="ProtectedColumns.IsPersonal"/>) are encrypted field by field with the key ring outside
/// the database: the referral, the referrer's address, the lead reviewer, every free-text reason, the timeline's words
/// and the outbox's messages.
/// </summary>
public class ReviewsDbContext : DbContext
{
    private static readonly JsonSerializerOptions ColumnJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The context on SQLite, whose migrations are this type's.</summary>
    public ReviewsDbContext(DbContextOptions<ReviewsDbContext> options)
        : base(options)
    {
    }

    /// <summary>The context for a provider's subclass, which carries that provider's migrations.</summary>
    protected ReviewsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The reviews.</summary>
    public DbSet<ReviewState> Reviews => Set<ReviewState>();

    /// <summary>The deadline ledger.</summary>
    public DbSet<DeadlineRecord> Deadlines => Set<DeadlineRecord>();

    /// <summary>Every review's timeline.</summary>
    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();

    /// <summary>The referrals as received.</summary>
    public DbSet<ReferralRecord> Referrals => Set<ReferralRecord>();

    /// <summary>Messages owed by committed transitions, waiting for the relay or sent.</summary>
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    /// <summary>Messages consumers have processed.</summary>
    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    /// <summary>The changes of bank holidays applied; the newest is the calendar in force.</summary>
    public DbSet<Calendar.CalendarChangeRecord> CalendarChanges => Set<Calendar.CalendarChangeRecord>();

    /// <summary>Who read which review's record, and when.</summary>
    public DbSet<Security.AccessLogEntry> AccessLog => Set<Security.AccessLogEntry>();

    /// <summary>API keys issued through the API (only their hashes).</summary>
    public DbSet<Security.IssuedApiKey> ApiKeys => Set<Security.IssuedApiKey>();

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
        modelBuilder.Entity<ReviewState>(review =>
        {
            review.ToTable("reviews");
            review.HasKey(r => r.CorrelationId);
            review.Property(r => r.CorrelationId).HasColumnName("review_id");
            review.Property(r => r.Version).IsConcurrencyToken();
            review.Property(r => r.CurrentState).HasMaxLength(64);
            review.Property(r => r.Partnership).HasMaxLength(64);
            review.Property(r => r.Route).HasConversion<string>().HasMaxLength(64);
            review.Property(r => r.RequestedReviewType).HasConversion<string>().HasMaxLength(64);
            review.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(64);
            review.HasIndex(r => new { r.Partnership, r.CurrentState });
            review.HasIndex(r => r.ReceivedOn);
            review.HasIndex(r => new { r.CurrentState, r.ClosedOn });
            Json(review.Property(r => r.PartnerVotes), protector);
            Json(review.Property(r => r.Recommendations), protector);
            Json(review.Property(r => r.AgencyRequests));
            Json(review.Property(r => r.Meetings));
            Json(review.Property(r => r.Endorsements));
            Json(review.Property(r => r.FamilyEngagement), protector);
            Json(review.Property(r => r.Proceedings));
            Json(review.Property(r => r.Delays));
            Json(review.Property(r => r.LearningActions), protector);
            Json(review.Property(r => r.Deliveries), protector);
            Json(review.Property(r => r.Documents));
            
            // Unbounded: the protected form of an address is several times longer than the address.
            review.Property(r => r.ReferrerEmail).IsPersonal(protector);
            review.Property(r => r.LeadReviewer).IsPersonal(protector);
            review.Property(r => r.ClosureReason).IsPersonal(protector);
            review.HasMany(r => r.Deadlines).WithOne().HasForeignKey(d => d.ReviewId);
            review.Navigation(r => r.Deadlines).AutoInclude();
        });

        modelBuilder.Entity<DeadlineRecord>(deadline =>
        {
            deadline.ToTable("deadlines");
            deadline.Property(d => d.Id).ValueGeneratedNever();
            deadline.Property(d => d.Partnership).HasMaxLength(64);
            deadline.Property(d => d.Key).HasMaxLength(128);
            deadline.Property(d => d.Rule).HasMaxLength(200);
            deadline.Property(d => d.Subject).HasMaxLength(200);
            deadline.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            deadline.Property(d => d.SatisfiedBy).HasConversion<string>().HasMaxLength(64);
            deadline.Property(d => d.Anchor).HasConversion<string>().HasMaxLength(64);
            deadline.HasIndex(d => new { d.Status, d.DueOn });
            deadline.HasIndex(d => new { d.Partnership, d.Status, d.DueOn });
            deadline.HasIndex(d => new { d.Status, d.ApproachingOn });
        });

        modelBuilder.Entity<TimelineEntry>(entry =>
        {
            entry.ToTable("timeline");
            entry.Property(t => t.Event).HasMaxLength(64);
            entry.Property(t => t.Outcome).HasMaxLength(16);
            entry.Property(t => t.StateBefore).HasMaxLength(64);
            entry.Property(t => t.StateAfter).HasMaxLength(64);
            entry.Property(t => t.PreviousHash).HasMaxLength(64);
            entry.Property(t => t.Hash).HasMaxLength(64);
            entry.Property(t => t.Detail).IsPersonal(protector);
            entry.HasIndex(t => new { t.ReviewId, t.Sequence }).IsUnique();

            // An event id is applied at most once per review; a rejected event may come again.
            entry.HasIndex(t => new { t.ReviewId, t.EventId }).IsUnique().HasFilter("\"EventId\" IS NOT NULL AND \"Outcome\" = 'applied'");
        });

        modelBuilder.Entity<ReferralRecord>(referral =>
        {
            referral.ToTable("referrals");
            referral.HasKey(r => r.ReviewId);
            referral.Property(r => r.Payload).IsPersonal(protector);
        });

        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox");
            outbox.HasKey(o => o.Sequence);
            outbox.Property(o => o.Sequence).ValueGeneratedOnAdd();
            outbox.HasIndex(o => o.MessageId).IsUnique();
            outbox.Property(o => o.MessageType).HasMaxLength(200);
            outbox.Property(o => o.Body).IsPersonal(protector);
            outbox.Property(o => o.LastError).HasMaxLength(500);
            outbox.Property(o => o.TraceParent).HasMaxLength(StoredTraceContext.TraceParentLength);
            outbox.Property(o => o.TraceState).HasMaxLength(StoredTraceContext.TraceStateLength);

            // The relay's question, "what is waiting?", is answered from this index alone.
            outbox.HasIndex(o => o.Sequence).HasDatabaseName("IX_outbox_unsent").HasFilter("\"SentAt\" IS NULL");
            outbox.HasIndex(o => o.SentAt);
        });

        modelBuilder.Entity<Diagnostics.JournalEntry>(journal =>
        {
            journal.ToTable("command_journal");
            journal.HasKey(j => j.Sequence);
            journal.Property(j => j.MessageType).HasMaxLength(100);
            journal.Property(j => j.IdempotencyKey).HasMaxLength(300);
            journal.HasIndex(j => j.MessageId);
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox");
            inbox.HasKey(i => new { i.Consumer, i.MessageId });
            inbox.Property(i => i.Consumer).HasMaxLength(64);
            inbox.HasIndex(i => i.ReceivedAt);
        });

        modelBuilder.Entity<Calendar.CalendarChangeRecord>(change =>
        {
            change.ToTable("calendar_changes");
            change.HasKey(c => c.Sequence);
            change.Property(c => c.Sequence).ValueGeneratedOnAdd();
            change.HasIndex(c => c.BasedOnRevision).IsUnique();
            change.Property(c => c.Reason).HasMaxLength(500);
            change.Property(c => c.Source).HasMaxLength(64);
            change.Property(c => c.Added).HasColumnType("text");
            change.Property(c => c.Removed).HasColumnType("text");
            change.Property(c => c.Holidays).HasColumnType("text");
        });

        modelBuilder.Entity<Security.AccessLogEntry>(entry =>
        {
            entry.ToTable("access_log");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).ValueGeneratedOnAdd();
            entry.Property(e => e.Caller).HasMaxLength(200);
            entry.Property(e => e.AuthenticatedBy).HasMaxLength(64);
            entry.Property(e => e.Partnership).HasMaxLength(64);
            entry.Property(e => e.What).HasMaxLength(64);
            entry.HasIndex(e => new { e.ReviewId, e.At });
            entry.HasIndex(e => e.At);
        });

        modelBuilder.Entity<Security.IssuedApiKey>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Name);
            key.Property(k => k.Name).HasMaxLength(64);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.HasIndex(k => k.Hash).IsUnique();
            key.Property(k => k.Partnership).HasMaxLength(64);
            key.Property(k => k.Roles).HasMaxLength(200);
            key.Property(k => k.IssuedBy).HasMaxLength(200);
            key.Property(k => k.RevokedBy).HasMaxLength(200);
        });

        if (Database.IsSqlite())
        {
            modelBuilder.StoreInstantsAsTicks();
        }
    }

    private static void Json<T>(PropertyBuilder<List<T>> property, FieldProtector? protector = null) =>
        property
            .HasConversion(
                value => Stored(JsonSerializer.Serialize(value, ColumnJson), protector),
                text => JsonSerializer.Deserialize<List<T>>(Read(text, protector), ColumnJson) ?? new List<T>(),
                new ValueComparer<List<T>>(
                    (left, right) => JsonSerializer.Serialize(left, ColumnJson) == JsonSerializer.Serialize(right, ColumnJson),
                    value => JsonSerializer.Serialize(value, ColumnJson).GetHashCode(StringComparison.Ordinal),
                    value => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(value, ColumnJson), ColumnJson)!))
            .HasColumnType("text");

    private static string Stored(string plain, FieldProtector? protector) => protector is null ? plain : protector.Protect(plain);

    private static string Read(string stored, FieldProtector? protector) => protector is null ? stored : protector.Unprotect(stored);
}
