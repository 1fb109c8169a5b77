using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Input;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Calendar;

/// <summary>
/// <c>POST /api/admin/calendar/changes</c> (with <c>?dryRun=true</c> to see what would move) and
/// <c>GET /api/admin/calendar/changes</c>: changing the bank holidays while reviews are open.
/// </summary>
public static class CalendarChangeEndpoints
{
    /// <summary>The longest reason accepted.</summary>
    public const int MaximumReasonLength = 500;

    public static IEndpointRouteBuilder MapCalendarChangeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/calendar").WithTags("Calendar").RequireAuthorization(SecurityPolicies.Administer);
        group.MapGet("/changes", async (CalendarChanges changes, CancellationToken cancellationToken) =>
                TypedResults.Ok(await changes.History(cancellationToken).ConfigureAwait(false)))
            .WithSummary("The calendar changes applied, newest first");
        group.MapPost("/changes", Change)
            .Accepts<JsonObject>("application/json")
            .WithSummary("Change the bank holidays: a GOV.UK bank-holidays.json (reason in ?reason=) or { addedDays, removedDays, reason }")
            .WithDescription("With dryRun=true: 200 listing every open deadline that would move, changing nothing. Otherwise 201: the change is stored, "
                + "each affected review moves its open deadlines (timeline, business unit told). 422 for an unusable file or list, or one that changes nothing; "
                + "400 for a body that is not JSON; 415 for one that is not application/json; 409 when another change landed meanwhile.");
        return app;
    }

    internal static async Task<IResult> Change(
        HttpContext http, [FromQuery(Name = "dryRun")] bool? dryRun, [FromQuery(Name = "reason")] string? reason,
        CalendarChanges changes, WorkingDayCalendar calendar, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.Read(http, "calendar change").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = Read(body, reason, calendar, errors);
        if (request is null || errors.Count > 0)
        {
            return Invalid(errors);
        }

        if (!request.Change.ChangesAnything)
        {
            errors["body"] = ["changes no bank holiday: every date is already as given."];
            return Invalid(errors);
        }

        if (dryRun == true)
        {
            return TypedResults.Ok(await changes.Plan(request.Change, cancellationToken).ConfigureAwait(false));
        }

        try
        {
            var applied = await changes.Apply(request.Change, request.Reason, request.Source, cancellationToken).ConfigureAwait(false);
            return TypedResults.Created($"/api/admin/calendar/changes/{applied.Revision}", applied);
        }
        catch (DbUpdateException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The calendar changed meanwhile",
                detail: "Another calendar change was applied while this one was planned. Run the dry run again and resubmit.");
        }
    }

    private sealed record ChangeRequest(BankHolidayChange Change, string Reason, string Source);

    private static ChangeRequest? Read(JsonNode? body, string? queryReason, WorkingDayCalendar calendar, Dictionary<string, string[]> errors)
    {
        if (body is not JsonObject json)
        {
            errors["body"] = ["must be a JSON object: a GOV.UK bank-holidays.json, or { \"addedDays\", \"removedDays\", \"reason\" }."];
            return null;
        }

        if (json.ContainsKey(BankHolidayFile.Division))
        {
            var reason = string.IsNullOrWhiteSpace(queryReason) ? "a newer bank-holidays.json was loaded" : queryReason.Trim();
            CheckReason(reason, "reason", errors);
            try
            {
                using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString()));
                var holidays = BankHolidayFile.Parse(stream, "the bank-holidays file sent");
                return new ChangeRequest(BankHolidayChange.FromNewerFile(calendar.PublishedHolidays, holidays), reason, "bank-holidays file");
            }
            catch (CalendarDataException error)
            {
                errors["body"] = [error.Message];
                return null;
            }
        }

        var allowed = new HashSet<string>(["addedDays", "removedDays", "reason"], StringComparer.Ordinal);
        foreach (var unknown in json.Select(p => p.Key).Where(k => !allowed.Contains(k)))
        {
            errors[unknown] = ["is not a field of a calendar change."];
        }

        var why = json["reason"] is JsonValue r && r.TryGetValue<string>(out var text) ? text.Trim() : null;
        CheckReason(why, "reason", errors);
        var added = ReadAdded(json["addedDays"], calendar, errors);
        var removed = ReadRemoved(json["removedDays"], calendar, errors);
        if (added.Count == 0 && removed.Count == 0 && !errors.ContainsKey("addedDays") && !errors.ContainsKey("removedDays"))
        {
            errors["addedDays"] = ["give at least one day to add or to remove."];
        }

        if (added.Select(a => a.Date).Intersect(removed).Any())
        {
            errors["removedDays"] = ["a day cannot be both added and removed."];
        }

        return errors.Count > 0 ? null : new ChangeRequest(BankHolidayChange.WithDays(calendar.PublishedHolidays, added, removed), why!, "days added or removed");
    }

    private static void CheckReason(string? reason, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors[field] = ["is required: say why the calendar changes (e.g. \"State funeral announced\")."];
        }
        else if (reason.Length > MaximumReasonLength || reason.Any(char.IsControl))
        {
            errors[field] = [$"must be one line of at most {MaximumReasonLength} characters."];
        }
    }

    private static List<BankHoliday> ReadAdded(JsonNode? node, WorkingDayCalendar calendar, Dictionary<string, string[]> errors)
    {
        var days = new List<BankHoliday>();
        if (node is null)
        {
            return days;
        }

        if (node is not JsonArray items)
        {
            errors["addedDays"] = ["must be a list of dates (YYYY-MM-DD) or of { \"date\", \"title\" }."];
            return days;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var field = $"addedDays[{i}]";
            var (dateText, title) = items[i] switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => (s, "Bank holiday"),
                JsonObject o => (o["date"] is JsonValue d && d.TryGetValue<string>(out var s) ? s : null,
                    o["title"] is JsonValue t && t.TryGetValue<string>(out var n) && !string.IsNullOrWhiteSpace(n) ? n.Trim() : "Bank holiday"),
                _ => (null, string.Empty),
            };
            if (!TryDate(dateText, out var date))
            {
                errors[field] = ["must be a date YYYY-MM-DD (or { \"date\": \"YYYY-MM-DD\", \"title\": \"...\" })."];
            }
            else if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                errors[field] = [$"{dateText} is a {date.DayOfWeek}: a weekend day is never a working day."];
            }
            else if (calendar.BankHolidayOn(date) is { } existing)
            {
                errors[field] = [$"{dateText} is already a bank holiday ({existing.Title})."];
            }
            else if (title.Length > 200 || title.Any(char.IsControl))
            {
                errors[field] = ["title must be one line of at most 200 characters."];
            }
            else if (days.Any(d => d.Date == date))
            {
                errors[field] = [$"{dateText} is listed twice."];
            }
            else
            {
                days.Add(new BankHoliday(date, title, string.Empty, BankHolidaySource.PublishedData));
            }
        }

        return days;
    }

    private static List<DateOnly> ReadRemoved(JsonNode? node, WorkingDayCalendar calendar, Dictionary<string, string[]> errors)
    {
        var days = new List<DateOnly>();
        if (node is null)
        {
            return days;
        }

        if (node is not JsonArray items)
        {
            errors["removedDays"] = ["must be a list of dates (YYYY-MM-DD)."];
            return days;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var field = $"removedDays[{i}]";
            var text = items[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (!TryDate(text, out var date))
            {
                errors[field] = ["must be a date YYYY-MM-DD."];
            }
            else if (!calendar.IsCoveredByPublishedData(date.Year) || calendar.BankHolidayOn(date) is null)
            {
                errors[field] = [$"{text} is not a bank holiday of the published data in force."];
            }
            else if (!days.Contains(date))
            {
                days.Add(date);
            }
        }

        return days;
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static ProblemHttpResult Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The calendar change cannot be applied.",
            Detail = "Nothing was changed. Each field below needs attention.",
        });
}
