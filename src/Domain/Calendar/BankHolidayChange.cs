namespace Orchestration.Domain.Calendar;

/// <summary>
/// A change to the bank holidays in force: the list that replaces them, and what it adds and removes compared
/// with the list it replaces. Built from a newer GOV.UK file (<see cref="ToList"/>) or from one-off days
/// added or removed (<see cref="WithDays"/>).
/// </summary>
/// <param name="Holidays">The complete published list after the change, in date order.</param>
/// <param name="Added">Bank holidays in the new list that the old one lacks (by date).</param>
/// <param name="Removed">Bank holidays of the old list that the new one lacks (by date).</param>
public sealed record BankHolidayChange(IReadOnlyList<BankHoliday> Holidays, IReadOnlyList<BankHoliday> Added, IReadOnlyList<BankHoliday> Removed)
{
    /// <summary>Whether the change alters any date.</summary>
    public bool ChangesAnything => Added.Count > 0 || Removed.Count > 0;

    /// <summary>
    /// Takes in a newer GOV.UK file: it decides every year from its first to its last; the years it no longer lists
    /// (GOV.UK's file covers a rolling window) keep the dates in force, so history is not rewritten by omission.
    /// </summary>
    public static BankHolidayChange FromNewerFile(IReadOnlyList<BankHoliday> current, IReadOnlyList<BankHoliday> file)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(file);
        if (file.Count == 0)
        {
            return ToList(current, current);
        }

        var first = file.Min(h => h.Date.Year);
        var last = file.Max(h => h.Date.Year);
        return ToList(current, [.. current.Where(h => h.Date.Year < first || h.Date.Year > last), .. file]);
    }

    /// <summary>Replaces <paramref name="current"/> by <paramref name="replacement"/> as it stands.</summary>
    public static BankHolidayChange ToList(IReadOnlyList<BankHoliday> current, IReadOnlyList<BankHoliday> replacement)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replacement);
        var before = current.Select(h => h.Date).ToHashSet();
        var after = replacement.Select(h => h.Date).ToHashSet();
        return new BankHolidayChange(
            [.. replacement.OrderBy(h => h.Date)],
            [.. replacement.Where(h => !before.Contains(h.Date)).OrderBy(h => h.Date)],
            [.. current.Where(h => !after.Contains(h.Date)).OrderBy(h => h.Date)]);
    }

    /// <summary>
    /// Adds one-off days to <paramref name="current"/> and removes others. A day added in a year beyond the published
    /// data joins that year's rule-based days (and every year between is filled from the rules too), so adding one
    /// day never takes the others of its year away.
    /// </summary>
    public static BankHolidayChange WithDays(IReadOnlyList<BankHoliday> current, IEnumerable<BankHoliday> added, IEnumerable<DateOnly> removed)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        var byDate = current.ToDictionary(h => h.Date);
        var additions = added.ToList();
        var firstYear = byDate.Keys.Min().Year;
        var lastYear = byDate.Keys.Max().Year;
        foreach (var year in additions.Select(h => h.Date.Year))
        {
            for (var y = Math.Min(year, firstYear); y <= Math.Max(year, lastYear); y++)
            {
                if (y < firstYear || y > lastYear)
                {
                    foreach (var ruled in EnglandAndWalesHolidayRules.ForYear(y))
                    {
                        byDate.TryAdd(ruled.Date, ruled with { Source = BankHolidaySource.PublishedData });
                    }
                }
            }

            firstYear = Math.Min(firstYear, year);
            lastYear = Math.Max(lastYear, year);
        }

        var ruleFilled = byDate.Keys.Where(d => !current.Any(h => h.Date == d)).ToHashSet();
        foreach (var holiday in additions)
        {
            byDate[holiday.Date] = holiday;
        }

        var removedHolidays = new List<BankHoliday>();
        foreach (var date in removed)
        {
            if (byDate.Remove(date, out var gone))
            {
                removedHolidays.Add(gone);
            }
        }

        // A day the rules already made a bank holiday is no change, though the data now lists it.
        return new BankHolidayChange(
            [.. byDate.Values.OrderBy(h => h.Date)],
            [.. additions.Where(h => !ruleFilled.Contains(h.Date) && !current.Any(c => c.Date == h.Date) && byDate.ContainsKey(h.Date)).OrderBy(h => h.Date)],
            [.. removedHolidays.OrderBy(h => h.Date)]);
    }
}
