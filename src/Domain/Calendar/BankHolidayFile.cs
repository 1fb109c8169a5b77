using System.Globalization;
using System.Text.Json;

namespace Orchestration.Domain.Calendar;

/// <summary>
/// Reads the GOV.UK <c>bank-holidays.json</c> format: a division key (here <c>england-and-wales</c>)
/// holding <c>division</c> and <c>events[]</c> of <c>title</c>, <c>date</c>, <c>notes</c>, <c>bunting</c>.
/// </summary>
public static class BankHolidayFile
{
    /// <summary>The only division whose holidays govern the statutory clock.</summary>
    public const string Division = "england-and-wales";

    /// <summary>Reads and checks a file; throws <see cref="CalendarDataException"/> naming it when it is unusable.</summary>
    public static IReadOnlyList<BankHoliday> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new CalendarDataException(path, "the file does not exist.");
        }

        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    /// <summary>Parses the england-and-wales division of a bank-holidays document.</summary>
    public static IReadOnlyList<BankHoliday> Parse(Stream json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new CalendarDataException(sourceName, $"it is not valid JSON ({ex.Message}).", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty(Division, out var division)
                || division.ValueKind != JsonValueKind.Object)
            {
                throw new CalendarDataException(sourceName, $"it has no '{Division}' division.");
            }

            if (!division.TryGetProperty("division", out var name) || name.ValueKind != JsonValueKind.String
                || name.GetString() != Division)
            {
                throw new CalendarDataException(sourceName, $"the '{Division}' entry does not name its division as '{Division}'.");
            }

            if (!division.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            {
                throw new CalendarDataException(sourceName, $"the '{Division}' division has no 'events' list.");
            }

            var holidays = new List<BankHoliday>();
            var seen = new HashSet<DateOnly>();
            var index = 0;
            foreach (var item in events.EnumerateArray())
            {
                holidays.Add(ReadEvent(item, index, sourceName, seen));
                index++;
            }

            if (holidays.Count == 0)
            {
                throw new CalendarDataException(sourceName, $"the '{Division}' division lists no events.");
            }

            holidays.Sort((a, b) => a.Date.CompareTo(b.Date));
            return holidays;
        }
    }

    private static BankHoliday ReadEvent(JsonElement item, int index, string sourceName, HashSet<DateOnly> seen)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new CalendarDataException(sourceName, $"event {index} is not an object.");
        }

        var title = ReadString(item, "title", index, sourceName, required: true);
        var dateText = ReadString(item, "date", index, sourceName, required: true);
        var notes = ReadString(item, "notes", index, sourceName, required: false);

        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new CalendarDataException(sourceName, $"event {index} ('{title}') has date '{dateText}', which is not YYYY-MM-DD.");
        }

        if (!seen.Add(date))
        {
            throw new CalendarDataException(sourceName, $"event {index} ('{title}') repeats the date {dateText}.");
        }

        return new BankHoliday(date, title, notes, BankHolidaySource.PublishedData);
    }

    private static string ReadString(JsonElement item, string property, int index, string sourceName, bool required)
    {
        if (item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        if (required)
        {
            throw new CalendarDataException(sourceName, $"event {index} has no '{property}' text.");
        }

        return string.Empty;
    }
}
