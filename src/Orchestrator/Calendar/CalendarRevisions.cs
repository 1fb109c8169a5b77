using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Persistence;

namespace Orchestration.Orchestrator.Calendar;

/// <summary>How instances pick up a calendar change (configuration section <c>Calendar</c>).</summary>
public sealed class CalendarOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Calendar";

    /// <summary>How often an instance looks for a change another instance stored.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Keeps this instance's <see cref="WorkingDayCalendar"/> on the newest change stored in <c>calendar_changes</c>: at
/// start (before the bus), every <see cref="CalendarOptions.RefreshInterval"/>, and on demand before a review counts
/// its deadlines again for a change (<see cref="EnsureAtLeast"/>), so an instance never recounts on an older calendar.
/// </summary>
public sealed partial class CalendarRevisions(
    WorkingDayCalendar calendar, IServiceScopeFactory scopes, IOptions<CalendarOptions> options, ILogger<CalendarRevisions> logger)
    : BackgroundService
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Loads the newest stored change if it is newer than the calendar in force; true if it changed the calendar.</summary>
    public async Task<bool> Refresh(ReviewsDbContext database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var known = calendar.Revision;
        var newest = await database.CalendarChanges.AsNoTracking()
            .Where(c => c.Sequence > known)
            .OrderByDescending(c => c.Sequence)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (newest is null)
        {
            return false;
        }

        var replaced = calendar.Replace(ReadHolidays(newest.Holidays), $"calendar change {newest.Sequence}", newest.Sequence);
        if (replaced)
        {
            LogLoaded(logger, newest.Sequence, newest.Source);
        }

        return replaced;
    }

    /// <summary>Makes sure the calendar in force is <paramref name="revision"/> or newer, reading the database if it is not.</summary>
    public async Task EnsureAtLeast(long revision, ReviewsDbContext database, CancellationToken cancellationToken)
    {
        if (calendar.Revision >= revision)
        {
            return;
        }

        await Refresh(database, cancellationToken).ConfigureAwait(false);
        if (calendar.Revision < revision)
        {
            throw new InvalidOperationException($"Calendar change {revision} is not stored (this instance has {calendar.Revision}).");
        }
    }

    /// <summary>The stored list as bank holidays.</summary>
    public static IReadOnlyList<BankHoliday> ReadHolidays(string json) =>
        (JsonSerializer.Deserialize<List<StoredHoliday>>(json, Json) ?? [])
        .ConvertAll(h => new BankHoliday(h.Date, h.Title, h.Notes ?? string.Empty, BankHolidaySource.PublishedData));

    /// <summary>Bank holidays as stored.</summary>
    public static string WriteHolidays(IEnumerable<BankHoliday> holidays) =>
        JsonSerializer.Serialize(holidays.Select(h => new StoredHoliday(h.Date, h.Title, h.Notes)), Json);

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshInScope(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RefreshInScope(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRefreshFailed(logger, error.GetType().Name);
            }
        }
    }

    private async Task RefreshInScope(CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            await Refresh(scope.ServiceProvider.GetRequiredService<ReviewsDbContext>(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One bank holiday as <c>calendar_changes</c> keeps it.</summary>
    internal sealed record StoredHoliday(DateOnly Date, string Title, string? Notes);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Bank holidays of calendar change {Revision} ({Source}) are in force.")]
    private static partial void LogLoaded(ILogger logger, long revision, string source);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Looking for a newer calendar change failed ({Error}); it is tried again at the next interval.")]
    private static partial void LogRefreshFailed(ILogger logger, string error);
}
