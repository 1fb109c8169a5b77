using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestration.Infrastructure.PersonalData;

/// <summary>
/// The one Data Protection key ring of a deployment: the orchestrator's personal fields, the workers' ledger and the
/// dashboard's form tokens are all protected with it. The keys are files in <c>DataProtection:KeysPath</c>, outside
/// the databases, so a database file (or its backup) alone reveals nothing personal; every instance and the workers'
/// process point at the same directory under the same application name.
/// </summary>
public static class PersonalDataProtection
{
    /// <summary>The configuration key of the key ring's directory.</summary>
    public const string KeysPathKey = "DataProtection:KeysPath";

    /// <summary>The dashboard's older setting, read when <see cref="KeysPathKey"/> is not set.</summary>
    public const string DashboardKeysPathKey = "Dashboard:KeysPath";

    /// <summary>
    /// The application name the key ring is isolated under: fixed (not derived from the content root), so that
    /// several instances and the workers' process share it. The dashboard's tokens used it before fields were encrypted.
    /// </summary>
    public const string ApplicationName = "cspr-orchestrator";

    /// <summary>
    /// The key ring's directory: <c>DataProtection:KeysPath</c>, else <c>Dashboard:KeysPath</c>, else <c>keys</c> beside
    /// the reviews' SQLite file (<c>data/keys</c> on the embedded default), else <c>data/keys</c>.
    /// </summary>
    public static string KeysPathFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[KeysPathKey] is { Length: > 0 } configured)
        {
            return configured;
        }

        if (configuration[DashboardKeysPathKey] is { Length: > 0 } dashboard)
        {
            return dashboard;
        }

        if (DatabaseRegistration.ProviderFrom(configuration) == DatabaseProvider.Sqlite
            && (configuration.GetConnectionString("Reviews") ?? configuration.GetConnectionString("Workers")) is { Length: > 0 } connectionString
            && new SqliteConnectionStringBuilder(connectionString).DataSource is { Length: > 0 } file
            && !file.StartsWith(':'))
        {
            return Path.Combine(Path.GetDirectoryName(file) is { Length: > 0 } folder ? folder : ".", "keys");
        }

        return Path.Combine("data", "keys");
    }

    /// <summary>
    /// Registers Data Protection on the key ring of <see cref="KeysPathFrom"/> and the <see cref="FieldProtector"/>
    /// the databases encrypt personal fields with; once per container (the orchestrator and the workers it hosts share it).
    /// </summary>
    public static IServiceCollection AddPersonalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(s => s.ServiceType == typeof(FieldProtector)))
        {
            return services;
        }

        var keysPath = Path.GetFullPath(KeysPathFrom(configuration));
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(keysPath));
        services.TryAddSingleton(provider => new FieldProtector(provider.GetRequiredService<IDataProtectionProvider>(), keysPath));
        return services;
    }
}
