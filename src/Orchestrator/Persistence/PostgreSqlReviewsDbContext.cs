using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Orchestration.Orchestrator.Persistence;

/// <summary>
/// <see cref="ReviewsDbContext"/> on PostgreSQL (<c>Database:Provider=PostgreSQL</c>): the same model, with
/// PostgreSQL's own migration history in <c>PostgreSqlMigrations/</c>. Registered in the base type's place, so
/// everything injects <see cref="ReviewsDbContext"/> whichever the provider.
/// </summary>
public sealed class PostgreSqlReviewsDbContext(DbContextOptions<PostgreSqlReviewsDbContext> options) : ReviewsDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add --context PostgreSqlReviewsDbContext</c> build the model without a server.</summary>
public sealed class DesignTimePostgreSqlReviewsDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlReviewsDbContext>
{
    /// <inheritdoc />
    public PostgreSqlReviewsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlReviewsDbContext>().UseNpgsql("Host=localhost;Database=orchestrator").Options);
}
