using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Hosting;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Reports;

/// <summary>
/// <c>GET /api/reports/partnerships/{name}</c> and <c>GET /api/reports/hub?partnerships=a,b</c>, each for
/// <c>from</c>..<c>to</c> (inclusive) and in a <c>format</c>: <c>json</c> (default), <c>csv</c>, <c>html</c> (printable,
/// with a chart), <c>pdf</c> (the HTML printed by headless Chromium, where installed) or <c>annual</c> (the annual
/// report's draft section, Markdown).
/// </summary>
public static class ReportEndpoints
{
    /// <summary>The formats a report comes in.</summary>
    public static readonly IReadOnlyList<string> Formats = ["json", "csv", "html", "pdf", "annual"];

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(SecurityPolicies.Read);
        reports.MapGet("/partnerships/{name}", Partnership)
            .WithSummary("A partnership's report for a period: referrals, Rapid Reviews, CSPRs, timeliness per rule with late cases, stages, publications, learning actions")
            .WithDescription("Query: from, to (YYYY-MM-DD, inclusive), format = json | csv | html | pdf | annual. 400 for a bad query; 404 for no such partnership; 503 for pdf without Chromium.");
        reports.MapGet("/hub", Hub)
            .WithSummary("The same report across several partnerships (partnerships=a,b,...), with a line per partnership")
            .WithDescription("Only the caller's partnerships are included: the others named are left out (and listed in the X-Partnerships-Omitted header); 404 when none is left.");
        return app;
    }

    internal static Task<IResult> Partnership(
        string name, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? format, HttpContext http,
        ReviewsDbContext database, ProfileCatalogue profiles, WorkingDayCalendar calendar, TimeProvider time, CancellationToken cancellationToken) =>
        Report([name], from, to, format, http, database, profiles, calendar, time, cancellationToken);

    internal static Task<IResult> Hub(
        [FromQuery] string? partnerships, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? format, HttpContext http,
        ReviewsDbContext database, ProfileCatalogue profiles, WorkingDayCalendar calendar, TimeProvider time, CancellationToken cancellationToken) =>
        Report([.. (partnerships ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)],
            from, to, format, http, database, profiles, calendar, time, cancellationToken);

    private static async Task<IResult> Report(
        IReadOnlyList<string> partnerships, string? from, string? to, string? format, HttpContext http,
        ReviewsDbContext database, ProfileCatalogue profiles, WorkingDayCalendar calendar, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var first = QueryDate.Parse(from, "from", errors, required: true);
        var last = QueryDate.Parse(to, "to", errors, required: true);
        var kind = string.IsNullOrWhiteSpace(format) ? "json" : format.Trim().ToLowerInvariant();
        if (!Formats.Contains(kind))
        {
            errors["format"] = [$"must be one of {string.Join(", ", Formats)}."];
        }

        if (first is { } f && last is { } l && f > l)
        {
            errors["to"] = ["must not be before 'from'."];
        }

        if (partnerships.Count == 0)
        {
            errors["partnerships"] = ["name at least one partnership (comma-separated profile names)."];
        }

        if (errors.Count > 0 || first is null || last is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The report cannot be drawn for that query.");
        }

        if (partnerships.Any(p => profiles.Find(p) is null))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such partnership",
                detail: "A partnership named has no procedure profile; GET /api/profiles lists them.");
        }

        // A caller reports on its own partnerships only; a hub report leaves the others out and says so in a header.
        var omitted = partnerships.Where(p => !http.User.MaySee(p)).ToList();
        if (omitted.Count == partnerships.Count)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such partnership",
                detail: $"The caller does not act for {string.Join(", ", omitted.Select(p => $"'{p}'"))}.");
        }

        if (omitted.Count > 0)
        {
            partnerships = [.. partnerships.Except(omitted, StringComparer.Ordinal)];
            http.Response.Headers["X-Partnerships-Omitted"] = string.Join(",", omitted);
        }

        var reviews = await database.Reviews.AsNoTracking()
            .Where(r => partnerships.Contains(r.Partnership))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var report = PartnershipReport.Build(reviews, partnerships, first.Value, last.Value, LondonTime.DateAt(time.GetUtcNow()), profiles, calendar);
        var file = $"cspr-report-{string.Join("-", report.Partnerships)}-{first.Value:yyyyMMdd}-{last.Value:yyyyMMdd}";
        switch (kind)
        {
            case "csv":
                return TypedResults.File(Encoding.UTF8.GetBytes(ReportRendering.Csv(report)), "text/csv; charset=utf-8", file + ".csv");
            case "html":
                return TypedResults.Content(ReportRendering.Html(report), "text/html; charset=utf-8");
            case "annual":
                return TypedResults.Content(ReportRendering.AnnualReportSection(report), "text/markdown; charset=utf-8");
            case "pdf":
                var pdf = await HtmlToPdf.Print(ReportRendering.Html(report), cancellationToken).ConfigureAwait(false);
                return pdf is null
                    ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF unavailable",
                        detail: "Headless Chromium was not found or failed (CHROMIUM_PATH names it); ask for format=html and print it instead.")
                    : TypedResults.File(pdf, "application/pdf", file + ".pdf");
            default:
                return TypedResults.Ok(report);
        }
    }
}
