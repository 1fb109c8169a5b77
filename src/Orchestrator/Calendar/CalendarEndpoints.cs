using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Hosting;

namespace Orchestration.Orchestrator.Calendar;

/// <summary>The working-day calendar over HTTP.</summary>
public static class CalendarEndpoints
{
    /// <summary>The largest offset accepted, in working days (about twenty years).</summary>
    public const int MaximumOffset = 5000;

    public static IEndpointRouteBuilder MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calendar").WithTags("Calendar");
        group.MapGet("/working-days", AddWorkingDays)
            .WithName("AddWorkingDays")
            .WithSummary("The N-th working day after (N > 0) or before (N < 0) a date; the date itself is day 0.");
        return app;
    }

    internal static Results<Ok<WorkingDaysAnswer>, ValidationProblem> AddWorkingDays(
        [FromQuery(Name = "from")] string? from,
        [FromQuery(Name = "offset")] string? offset,
        WorkingDayCalendar calendar)
    {
        var errors = new Dictionary<string, string[]>();
        var start = QueryDate.Parse(from, "from", errors, required: true);
        int? count = null;
        if (string.IsNullOrWhiteSpace(offset))
        {
            errors["offset"] = ["'offset' is required: a whole number of working days, negative to count backwards."];
        }
        else if (!int.TryParse(offset, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            errors["offset"] = ["'offset' must be a whole number of working days, negative to count backwards."];
        }
        else if (Math.Abs(parsed) > MaximumOffset)
        {
            errors["offset"] = [$"'offset' must be between -{MaximumOffset} and {MaximumOffset}."];
        }
        else
        {
            count = parsed;
        }

        if (errors.Count > 0 || start is null || count is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The working-day question could not be answered.");
        }

        var date = calendar.AddWorkingDays(start.Value, count.Value);
        var skipped = calendar.BankHolidaysSkipped(start.Value, date)
            .Select(h => new SkippedBankHoliday(h.Date, h.Title))
            .ToList();
        return TypedResults.Ok(new WorkingDaysAnswer(start.Value, count.Value, date, skipped));
    }
}

/// <summary>The answer to "what is the N-th working day from a date".</summary>
/// <param name="BankHolidaysSkipped">Bank holidays on weekdays between the two dates, which the count stepped over.</param>
public sealed record WorkingDaysAnswer(DateOnly From, int Offset, DateOnly Date, IReadOnlyList<SkippedBankHoliday> BankHolidaysSkipped);

/// <summary>A bank holiday a count stepped over.</summary>
public sealed record SkippedBankHoliday(DateOnly Date, string Title);
