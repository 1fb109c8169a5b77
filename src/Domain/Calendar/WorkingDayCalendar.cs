using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestration.Domain.Calendar;

/// <summary>
/// Working days in England and Wales: Monday to Friday except bank holidays. Bank holidays come from
/// the published GOV.UK data for the years it covers and from <see cref="EnglandAndWalesHolidayRules"/>
/// (with a logged warning, once per year) for any other year. The two never mix within a year.
/// </summary>
public sealed partial class WorkingDayCalendar
{
    private readonly ILogger logger;

    // Everything a count reads, swapped whole when the bank holidays change (Replace), so a count that is under
    // way finishes on the calendar it started with.
    private volatile Snapshot current;

    public WorkingDayCalendar(IEnumerable<BankHoliday> publishedHolidays, string sourceName, ILogger? logger = null)
    {
        current = Snapshot.Of(publishedHolidays, sourceName, 0);
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The path of the bank holidays shipped with the product (2018-2028).</summary>
    public static string ShippedDataPath => Path.Combine(AppContext.BaseDirectory, "Data", "bank-holidays.json");

    /// <summary>Where the published data was read from.</summary>
    public string SourceName => current.SourceName;

    /// <summary>The first year the published data covers.</summary>
    public int FirstPublishedYear => current.FirstYear;

    /// <summary>The last year the published data covers.</summary>
    public int LastPublishedYear => current.LastYear;

    /// <summary>
    /// Which calendar change is in force: 0 for the data loaded at start, then the sequence number of the stored
    /// change (<see cref="Replace"/>) whose bank holidays are in use.
    /// </summary>
    public long Revision => current.Revision;

    /// <summary>Every bank holiday of the published data in force, in date order (the rule-based years excluded).</summary>
    public IReadOnlyList<BankHoliday> PublishedHolidays => current.All;

    /// <summary>
    /// Puts another list of bank holidays in force (a newer GOV.UK file, or one-off days added or removed), as
    /// calendar change <paramref name="revision"/>. An older or equal revision than the one in force is ignored,
    /// so instances that reload in any order end on the newest.
    /// </summary>
    public bool Replace(IEnumerable<BankHoliday> publishedHolidays, string sourceName, long revision)
    {
        var next = Snapshot.Of(publishedHolidays, sourceName, revision);
        while (true)
        {
            var seen = current;
            if (revision <= seen.Revision)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref current, next, seen) == seen)
            {
                return true;
            }
        }
    }

    /// <summary>Loads the configured bank-holidays file, or the shipped data when none is configured (null or blank).</summary>
    public static WorkingDayCalendar FromConfiguredFile(string? configuredPath, ILogger? logger = null) =>
        FromFile(string.IsNullOrWhiteSpace(configuredPath) ? ShippedDataPath : configuredPath, logger);

    /// <summary>Loads a GOV.UK bank-holidays.json file; throws <see cref="CalendarDataException"/> if it is unusable.</summary>
    public static WorkingDayCalendar FromFile(string path, ILogger? logger = null) =>
        new(BankHolidayFile.Load(path), path, logger);

    /// <summary>Whether the published data (rather than the rules) decides this year's bank holidays.</summary>
    public bool IsCoveredByPublishedData(int year) => current.Covers(year);

    /// <summary>True on Monday to Friday unless the day is a bank holiday in England and Wales.</summary>
    public bool IsWorkingDay(DateOnly date) => IsWorkingDay(current, date);

    /// <summary>The bank holiday on this date, or null.</summary>
    public BankHoliday? BankHolidayOn(DateOnly date) =>
        HolidaysOfYear(current, date.Year).TryGetValue(date, out var holiday) ? holiday : null;

    /// <summary>All bank holidays of a year, in date order.</summary>
    public IReadOnlyList<BankHoliday> BankHolidaysIn(int year) =>
        [.. HolidaysOfYear(current, year).Values.OrderBy(h => h.Date)];

    /// <summary>
    /// The N-th working day after <paramref name="from"/> (N &gt; 0) or before it (N &lt; 0). The start date
    /// is day 0 and never counted, whether or not it is a working day; N = 0 returns it unchanged.
    /// This is "within N working days of D", "by working day N" and, with -N, "no later than N working
    /// days before P" (STATUTORY-RULES.md, "How time is counted").
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly from, int workingDays)
    {
        var snapshot = current;
        var step = Math.Sign(workingDays);
        var remaining = Math.Abs(workingDays);
        var date = from;
        while (remaining > 0)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(snapshot, date))
            {
                remaining--;
            }
        }

        return date;
    }

    /// <summary>
    /// How many working days lie after <paramref name="from"/> up to and including <paramref name="to"/>;
    /// negative when <paramref name="to"/> is earlier. The inverse of <see cref="AddWorkingDays"/> for a
    /// working-day <paramref name="to"/>.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to, from);
        }

        var snapshot = current;
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(snapshot, date))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The bank holidays falling on weekdays strictly after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public IReadOnlyList<BankHoliday> BankHolidaysSkipped(DateOnly from, DateOnly to)
    {
        var (start, end) = from <= to ? (from, to) : (to, from);
        var snapshot = current;
        var skipped = new List<BankHoliday>();
        for (var year = start.Year; year <= end.Year; year++)
        {
            skipped.AddRange(HolidaysOfYear(snapshot, year).Values.Where(h =>
                h.Date > start && h.Date <= end && h.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
        }

        skipped.Sort((a, b) => a.Date.CompareTo(b.Date));
        return skipped;
    }

    private bool IsWorkingDay(Snapshot snapshot, DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !HolidaysOfYear(snapshot, date.Year).ContainsKey(date);

    private FrozenDictionary<DateOnly, BankHoliday> HolidaysOfYear(Snapshot snapshot, int year)
    {
        if (snapshot.Covers(year))
        {
            // A covered year the data lists nothing for (a gap in a hand-edited file) has no bank holidays.
            return snapshot.ByYear.GetValueOrDefault(year) ?? FrozenDictionary<DateOnly, BankHoliday>.Empty;
        }

        return snapshot.RuleYears.GetOrAdd(year, y =>
        {
            LogRuleBasedYear(logger, y, snapshot.SourceName, snapshot.FirstYear, snapshot.LastYear);
            return EnglandAndWalesHolidayRules.ForYear(y).ToFrozenDictionary(h => h.Date);
        });
    }

    private sealed class Snapshot
    {
        private Snapshot(FrozenDictionary<int, FrozenDictionary<DateOnly, BankHoliday>> byYear, IReadOnlyList<BankHoliday> all, string sourceName, long revision)
        {
            ByYear = byYear;
            All = all;
            SourceName = sourceName;
            Revision = revision;
            FirstYear = byYear.Keys.Min();
            LastYear = byYear.Keys.Max();
        }

        public FrozenDictionary<int, FrozenDictionary<DateOnly, BankHoliday>> ByYear { get; }

        public ConcurrentDictionary<int, FrozenDictionary<DateOnly, BankHoliday>> RuleYears { get; } = new();

        public IReadOnlyList<BankHoliday> All { get; }

        public string SourceName { get; }

        public long Revision { get; }

        public int FirstYear { get; }

        public int LastYear { get; }

        public bool Covers(int year) => year >= FirstYear && year <= LastYear;

        public static Snapshot Of(IEnumerable<BankHoliday> publishedHolidays, string sourceName, long revision)
        {
            ArgumentNullException.ThrowIfNull(publishedHolidays);
            var all = publishedHolidays.OrderBy(h => h.Date).ToList();
            var byYear = all
                .GroupBy(h => h.Date.Year)
                .ToFrozenDictionary(year => year.Key, year => year.ToFrozenDictionary(h => h.Date));
            if (byYear.Count == 0)
            {
                throw new CalendarDataException(sourceName, "it lists no bank holidays.");
            }

            return new Snapshot(byYear, all, sourceName, revision);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Bank holidays for {Year} come from the England and Wales rules: the published data in {Source} covers {FirstYear}-{LastYear}. One-off days announced for {Year} are not known until a newer bank-holidays.json is loaded.")]
    private static partial void LogRuleBasedYear(ILogger logger, int year, string source, int firstYear, int lastYear);
}
