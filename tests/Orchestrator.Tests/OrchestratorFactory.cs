using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Orchestration.Orchestrator.Tests;

/// <summary>The real orchestrator pipeline in memory, with its shipped defaults.</summary>
public class OrchestratorFactory : WebApplicationFactory<Program>
{
    /// <summary>Configuration laid over the defaults; none by default.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>A factory whose configuration differs from the defaults in <paramref name="settings"/>.</summary>
    public static OrchestratorFactory With(IReadOnlyDictionary<string, string?> settings) => new ConfiguredOrchestratorFactory(settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private sealed class ConfiguredOrchestratorFactory(IReadOnlyDictionary<string, string?> settings) : OrchestratorFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = settings;
    }
}
