using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Orchestration.Orchestrator.Hosting;

namespace Orchestration.Orchestrator.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the service.</summary>
public sealed class DesignTimeReviewsDbContextFactory : IDesignTimeDbContextFactory<ReviewsDbContext>
{
    /// <inheritdoc />
    public ReviewsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ReviewsDbContext>().UseSqlite(ReviewsRegistration.DefaultConnectionString).Options);
}
