namespace Orchestration.Workers.Ledger;

/// <summary>How the dispatcher works through the ledger.</summary>
public sealed class DeliveryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Delivery";

    /// <summary>How often the dispatcher looks for work when nothing has told it to.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many deliveries one round takes.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Attempts before a delivery that keeps failing transiently is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failure; it doubles after each further one.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an attempt under way belongs to the dispatcher that claimed it; after a crash the delivery
    /// is attempted again once this has passed.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether the dispatcher and the reporter run in the background (tests drive them by hand).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>
    /// On the in-memory transport "published" only means "in this process's memory": at start, outcomes
    /// reported within this window are reported again (with the same ids, so the review ignores repeats).
    /// </summary>
    public TimeSpan ReportRecoveryWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failures.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var delay = FirstRetryDelay;
        for (var i = 1; i < attempts && delay < MaxRetryDelay; i++)
        {
            delay += delay;
        }

        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
