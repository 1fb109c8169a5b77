using System.Globalization;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>Reads the dates and numbers of a request strictly: YYYY-MM-DD only, within a sane range.</summary>
internal static class QueryDate
{
    /// <summary>The earliest business date the service accepts.</summary>
    public static readonly DateOnly Earliest = new(1990, 1, 1);

    /// <summary>The latest business date the service accepts.</summary>
    public static readonly DateOnly Latest = new(2200, 12, 31);

    public static DateOnly? Parse(string? text, string field, Dictionary<string, string[]> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors[field] = [$"'{field}' is required, as YYYY-MM-DD."];
            }

            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[field] = [$"'{field}' must be a date written YYYY-MM-DD."];
            return null;
        }

        if (date < Earliest || date > Latest)
        {
            errors[field] = [$"'{field}' must be between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}."];
            return null;
        }

        return date;
    }
}
