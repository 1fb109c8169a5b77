using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestration.Infrastructure.Telemetry;

/// <summary>Ready when <typeparamref name="TContext"/>'s database answers (a connection opened and closed).</summary>
public sealed class DatabaseHealthCheck<TContext>(IServiceScopeFactory scopes) : IHealthCheck
    where TContext : DbContext
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            try
            {
                var database = scope.ServiceProvider.GetRequiredService<TContext>();
                return await database.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("the database cannot be reached");
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The type only: a provider's message may quote the connection string.
                return HealthCheckResult.Unhealthy($"the database cannot be reached ({error.GetType().Name})");
            }
        }
    }
}
