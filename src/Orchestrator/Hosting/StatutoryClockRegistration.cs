using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>Loads the working-day calendar and the procedure profiles once, at start, failing fast on bad data.</summary>
public static partial class StatutoryClockRegistration
{
    public static IServiceCollection AddStatutoryClock(this IServiceCollection services, IConfiguration configuration)
    {
        var options = StatutoryClockOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton(provider => WorkingDayCalendar.FromConfiguredFile(
            options.BankHolidaysFile,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<WorkingDayCalendar>()));
        services.AddSingleton(_ => ProfileLoader.LoadConfiguredDirectory(options.ProfilesDirectory));
        services.AddHostedService<StatutoryClockWarmUp>();
        return services;
    }

    /// <summary>Reads the data during start-up so a bad file stops the service before it takes traffic.</summary>
    private sealed partial class StatutoryClockWarmUp(IServiceProvider services, ILogger<StatutoryClockWarmUp> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var calendar = services.GetRequiredService<WorkingDayCalendar>();
            var profiles = services.GetRequiredService<ProfileCatalogue>();
            LogLoaded(logger, calendar.SourceName, calendar.FirstPublishedYear, calendar.LastPublishedYear, profiles.All.Count);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
            Message = "Statutory clock ready: bank holidays {FirstYear}-{LastYear} from {Source}; {ProfileCount} procedure profiles loaded.")]
        private static partial void LogLoaded(ILogger logger, string source, int firstYear, int lastYear, int profileCount);
    }
}
