namespace Orchestration.Domain.Calendar;

/// <summary>
/// Business dates are England's: a due date is due at the end of that day, Europe/London time.
/// Instants are stored in UTC (STATUTORY-RULES.md, "How time is counted").
/// </summary>
public static class LondonTime
{
    /// <summary>The Europe/London time zone (GMT in winter, BST in summer).</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The first instant after <paramref name="date"/> ends in London, in UTC: a deadline on this date is missed at or after it.</summary>
    public static DateTimeOffset EndOfDayUtc(DateOnly date) => StartOfDayUtc(date.AddDays(1));

    /// <summary>The instant <paramref name="date"/> begins in London, in UTC.</summary>
    public static DateTimeOffset StartOfDayUtc(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The London business date at a given instant.</summary>
    public static DateOnly DateAt(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
}
