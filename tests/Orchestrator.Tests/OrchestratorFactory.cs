using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Orchestration.Orchestrator.Tests;

/// <summary>
/// The real orchestrator pipeline in memory, with its shipped defaults, except that each factory gets
/// its own folder for its SQLite files, pickup folder and documents (deleted afterwards; a database file the test names is the test's) and a clock the test sets.
/// </summary>
public class OrchestratorFactory : WebApplicationFactory<Program>
{
    /// <summary>The development key every factory accepts (<c>Auth:DevelopmentApiKey</c>) and its default clients send.</summary>
    public const string DevelopmentKey = "tests-development-key-not-for-production";

    /// <summary>The header API keys are sent in.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>"Today" for tests unless they move it: late enough that every date the tests use is in the past.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2028, 6, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly string ownFolder = Directory.CreateTempSubdirectory("orchestrator-").FullName;

    /// <summary>The pickup folder the in-process workers write email to.</summary>
    public string PickupFolder => Path.Combine(ownFolder, "mail-pickup");

    /// <summary>The document store.</summary>
    public string DocumentFolder => Path.Combine(ownFolder, "documents");

    /// <summary>A factory whose clock stands at <see cref="DefaultNow"/>.</summary>
    public OrchestratorFactory()
        : this(DefaultNow)
    {
    }

    /// <summary>A factory whose clock starts at <paramref name="now"/> (it only moves forward).</summary>
    protected OrchestratorFactory(DateTimeOffset now) => Clock = new FakeTimeProvider(now);

    /// <summary>The clock the orchestrator reads.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>Configuration laid over the defaults; none by default.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>A factory whose configuration differs from the defaults in <paramref name="settings"/>.</summary>
    public static OrchestratorFactory With(IReadOnlyDictionary<string, string?> settings, DateTimeOffset? now = null) =>
        new ConfiguredOrchestratorFactory(settings, now ?? DefaultNow);

    /// <summary>A factory on a database file the test owns (to stop and start the orchestrator over it).</summary>
    public static OrchestratorFactory OnDatabase(string file) =>
        With(new Dictionary<string, string?> { ["ConnectionStrings:Reviews"] = $"Data Source={file}" });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Reviews", $"Data Source={Path.Combine(ownFolder, "orchestrator.db")}");
        builder.UseSetting("ConnectionStrings:Workers", $"Data Source={Path.Combine(ownFolder, "workers.db")}");
        builder.UseSetting("Email:PickupDirectory", PickupFolder);
        builder.UseSetting("Documents:Path", DocumentFolder);
        builder.UseSetting("Auth:DevelopmentApiKey", DevelopmentKey);

        // Likewise the workers' dispatcher: tests about delivery run it themselves or turn it on.
        builder.UseSetting("Delivery:DispatcherEnabled", "false");

        // The tests' clock stands at 2028 while their reviews run in 2027: the pump would fire everything at
        // once. Tests that are about the pump run it themselves (DeadlinePump.PumpOnce) or turn it on.
        builder.UseSetting("Deadlines:PumpEnabled", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Clients from <c>CreateClient</c> send the development key: every role for every partnership.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(ApiKeyHeader, DevelopmentKey);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        // A background service of the host just stopped may still be finishing a write here (a key ring file, a
        // document): try a few times, then leave the folder to the temporary directory's own cleaning.
        for (var attempt = 1; Directory.Exists(ownFolder); attempt++)
        {
            try
            {
                Directory.Delete(ownFolder, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    private sealed class ConfiguredOrchestratorFactory(IReadOnlyDictionary<string, string?> settings, DateTimeOffset now) : OrchestratorFactory(now)
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = settings;
    }
}
