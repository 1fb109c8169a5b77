using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Retention;

/// <summary>
/// The retention job: every <see cref="RetentionOptions.Interval"/> it finds the closed reviews whose retention period
/// has ended and sends each a <see cref="PersonalDataErased"/> through the bus, so the review erases its own personal
/// fields in one transition and records it on its timeline. The event id is derived from the review, so two instances
/// erasing at once apply it once.
/// </summary>
public sealed partial class PersonalDataRetention(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<RetentionOptions> options, ILogger<PersonalDataRetention> logger) : BackgroundService
{
    /// <summary>The state a review is in once closed.</summary>
    public const string ClosedState = "Closed";

    /// <summary>Erases the personal data of the reviews due (at most a batch); the number erased.</summary>
    public async Task<int> EraseDue(CancellationToken cancellationToken)
    {
        var years = options.Value.PersonalDataYears;
        if (years <= 0)
        {
            return 0;
        }

        var today = LondonTime.DateAt(time.GetUtcNow());
        var closedBy = today.AddYears(-years);
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        var due = await database.Reviews.AsNoTracking().IgnoreAutoIncludes()
            .Where(r => r.CurrentState == ClosedState && r.ClosedOn != null && r.ClosedOn <= closedBy && r.PersonalDataErasedOn == null)
            .OrderBy(r => r.ClosedOn)
            .Select(r => r.CorrelationId)
            .Take(Math.Max(1, options.Value.BatchSize))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var erased = 0;
        foreach (var reviewId in due)
        {
            var answer = await ReviewEndpoints.SendToReview(scope.ServiceProvider,
                new PersonalDataErased(reviewId, today, "retention", EventId: RetentionEventId(reviewId)), null, cancellationToken).ConfigureAwait(false);
            if (answer.Applied is not null)
            {
                erased++;
            }
            else
            {
                LogRefused(logger, reviewId, answer.Rejected?.Reason ?? "no answer");
            }
        }

        if (erased > 0)
        {
            LogErased(logger, erased, years);
        }

        return erased;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.PersonalDataYears <= 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await EraseDue(stoppingToken).ConfigureAwait(false) >= options.Value.BatchSize)
                {
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The next pass tries again; the type only, as a message may quote a value.
                LogFailed(logger, failure.GetType().Name);
            }

            try
            {
                await Task.Delay(Clamp(options.Value.Interval), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // A timer waits at most about 49 days; the job looks at least daily and at most every second.
    private static TimeSpan Clamp(TimeSpan interval) =>
        interval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : interval > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : interval;

    /// <summary>The event id of a review's retention erasure: the same on every instance and every pass.</summary>
    public static Guid RetentionEventId(Guid reviewId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes("retention:" + reviewId.ToString("N")))[..16]);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Erased the personal data of {Count} closed review(s) past the retention period of {Years} years.")]
    private static partial void LogErased(ILogger logger, int count, int years);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Review {ReviewId} refused the retention erasure: {Reason}.")]
    private static partial void LogRefused(ILogger logger, Guid reviewId, string reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "The retention pass failed ({Error}); it runs again at the next interval.")]
    private static partial void LogFailed(ILogger logger, string error);
}
