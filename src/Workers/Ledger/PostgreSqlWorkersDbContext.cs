using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Orchestration.Workers.Ledger;

/// <summary>
/// <see cref="WorkersDbContext"/> on PostgreSQL (<c>Database:Provider=PostgreSQL</c>): the same model, with
/// PostgreSQL's own migration history in <c>Ledger/PostgreSqlMigrations/</c>. Registered in the base type's
/// place, so everything injects <see cref="WorkersDbContext"/> whichever the provider.
/// </summary>
public sealed class PostgreSqlWorkersDbContext(DbContextOptions<PostgreSqlWorkersDbContext> options) : WorkersDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add --context PostgreSqlWorkersDbContext</c> build the model without a server.</summary>
public sealed class DesignTimePostgreSqlWorkersDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlWorkersDbContext>
{
    /// <inheritdoc />
    public PostgreSqlWorkersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlWorkersDbContext>().UseNpgsql("Host=localhost;Database=workers").Options);
}
