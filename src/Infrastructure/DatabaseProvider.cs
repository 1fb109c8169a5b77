using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Orchestration.Infrastructure;

/// <summary>The database engine the services keep their data in (configuration <c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file: the embedded default, one process writing.</summary>
    Sqlite,

    /// <summary>PostgreSQL: several instances share one database and claim rows with <c>FOR UPDATE SKIP LOCKED</c>.</summary>
    PostgreSQL,
}

/// <summary>
/// Registers a database context on the configured provider. EF Core migrations are provider-specific, so each
/// database has one migration history per provider: the context itself carries SQLite's, and a subclass with
/// the same model carries PostgreSQL's. Code injects the base context either way.
/// </summary>
public static class DatabaseRegistration
{
    /// <summary>The configuration key naming the provider.</summary>
    public const string ProviderKey = "Database:Provider";

    /// <summary>The provider configured (<c>Sqlite</c> when none is); an unknown name stops the service at start.</summary>
    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var name = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(name))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(name.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"{ProviderKey} '{name}' is not a database provider: use Sqlite or PostgreSQL.");
    }

    /// <summary>
    /// Registers <typeparamref name="TContext"/> on the configured provider with the connection string
    /// <c>ConnectionStrings:<paramref name="connectionStringName"/></c>: on SQLite the context itself (with
    /// <paramref name="defaultSqliteConnectionString"/> when none is configured), on PostgreSQL
    /// <typeparamref name="TPostgreSqlContext"/> (whose connection string must be configured) in its place.
    /// </summary>
    public static IServiceCollection AddDatabase<TContext, TPostgreSqlContext>(
        this IServiceCollection services,
        IConfiguration configuration,
        string connectionStringName,
        string defaultSqliteConnectionString,
        Action<IServiceProvider, DbContextOptionsBuilder>? configure = null)
        where TContext : DbContext
        where TPostgreSqlContext : TContext
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(connectionStringName);
        if (ProviderFrom(configuration) == DatabaseProvider.PostgreSQL)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"{ProviderKey} is PostgreSQL but ConnectionStrings:{connectionStringName} is not set (for example 'Host=db;Database=...;Username=...;Password=...').");
            }

            return services.AddDbContext<TContext, TPostgreSqlContext>((provider, options) =>
            {
                options.UseNpgsql(connectionString);
                configure?.Invoke(provider, options);
            });
        }

        services.AddSingleton<SqliteWriteGate<TContext>>();
        return services.AddDbContext<TContext>((provider, options) =>
        {
            options.UseSqlite(connectionString ?? defaultSqliteConnectionString);
            provider.GetRequiredService<SqliteWriteGate<TContext>>().Gate.AttachTo(options);
            configure?.Invoke(provider, options);
        });
    }
}
