using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Infrastructure.PersonalData;
using Orchestration.Orchestrator.Compliance;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Dashboard;

/// <summary>
/// The operations dashboard at <c>/</c>: the statutory risk board, failed notifications with a retry, reviews by
/// state and partnership, and a page per review. Server-rendered HTML; it shows ids, partnerships, routes, dates
/// and states, never the referral's people.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>The authorisation policy a retry must satisfy: the <see cref="Roles.Operator"/> role.</summary>
    public const string RetryPolicy = SecurityPolicies.RetryNotifications;

    /// <summary>Registers the dashboard's options and antiforgery.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DashboardOptions>(configuration.GetSection(DashboardOptions.Section));
        services.AddAntiforgery();

        // The form tokens use the deployment's one key ring (DataProtection:KeysPath, or this section's KeysPath).
        services.AddPersonalDataProtection(configuration);
        return services;
    }

    /// <summary>Maps the pages and the retry form's target.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Home).RequireAuthorization(SecurityPolicies.Dashboard).ExcludeFromDescription();
        app.MapGet("/reviews/{id:guid}", Review).RequireAuthorization(SecurityPolicies.Dashboard).ExcludeFromDescription();
        app.MapPost("/reviews/{id:guid}/deliveries/retry", Retry).RequireAuthorization(RetryPolicy).ExcludeFromDescription();
        return app;
    }

    internal static async Task<IResult> Home(
        HttpContext http, ReviewsDbContext database, WorkingDayCalendar calendar, TimeProvider time, ReviewStateMachine machine,
        IOptions<DashboardOptions> options, IAntiforgery antiforgery)
    {
        var cancellationToken = http.RequestAborted;
        var today = LondonTime.DateAt(time.GetUtcNow());
        var partnerships = http.User.Partnerships();
        var outstanding = await RiskBoard.Outstanding(database, cancellationToken).ConfigureAwait(false);
        var risks = RiskBoard.Rank(outstanding.Where(d => partnerships is null || partnerships.Contains(d.Partnership)), today, calendar);
        var reviews = database.Reviews.AsNoTracking().IgnoreAutoIncludes();
        if (partnerships is not null)
        {
            reviews = reviews.Where(r => partnerships.Contains(r.Partnership));
        }

        var counts = await reviews.GroupBy(r => new { r.Partnership, r.CurrentState })
            .Select(g => new StateCount(g.Key.Partnership, g.Key.CurrentState, g.Count()))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // Deliveries are a JSON column of the review: read with the review's few identifying columns and filtered here.
        var deliveries = await reviews.Where(r => r.CurrentState != "Closed")
            .Select(r => new { r.CorrelationId, r.Partnership, r.CurrentState, r.Deliveries })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var failed = deliveries
            .SelectMany(r => r.Deliveries.Where(d => d.Status is DeliveryStatus.Failed or DeliveryStatus.DeadLettered)
                .Select(d => new FailedDelivery(r.CorrelationId, r.Partnership, r.CurrentState, d)))
            .OrderBy(f => f.Delivery.DueOn).ThenBy(f => f.ReviewId).ThenBy(f => f.Delivery.IdempotencyKey, StringComparer.Ordinal)
            .ToList();
        return Html(http, DashboardPages.Home(risks, options.Value.RiskBoardRows, failed, counts, States(machine), today, Token(http, antiforgery)));
    }

    internal static async Task<IResult> Review(
        Guid id, HttpContext http, ReviewsDbContext database, ReviewProcedure procedure, TimeProvider time, ReviewStateMachine machine,
        IOptions<DashboardOptions> options, IAntiforgery antiforgery)
    {
        var cancellationToken = http.RequestAborted;
        var review = await database.Reviews.AsNoTracking().SingleOrDefaultAsync(r => r.CorrelationId == id, cancellationToken).ConfigureAwait(false);
        if (review is null || !http.User.MaySee(review.Partnership))
        {
            return Html(http, DashboardPages.Problem("No such review", [$"There is no review {id}."], "/"), StatusCodes.Status404NotFound);
        }

        await AccessLog.Record(database, http.User, id, review.Partnership, AccessLog.DashboardReview, time, cancellationToken).ConfigureAwait(false);

        var timeline = await database.Timeline.AsNoTracking().Where(t => t.ReviewId == id).OrderBy(t => t.Sequence)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var deadlines = review.Deadlines
            .OrderBy(d => d.DueOn).ThenBy(d => d.Rule, StringComparer.Ordinal)
            .Select(d => new ExplainedDeadline(d, Explain(d, procedure)))
            .ToList();
        // The checklist is the API view's own pure function over the same record: the page and GET /api/reviews/{id}/compliance agree.
        var today = LondonTime.DateAt(time.GetUtcNow());
        var checklist = procedure.Find(review.Partnership) is { } profile ? ComplianceChecklist.For(review, profile, procedure.Calendar, today) : null;
        var model = new ReviewPage(review, deadlines, checklist, timeline, TimelineVerification.Check(id, timeline, review.TimelineLength, review.TimelineHead),
            States(machine), machine.Transitions, options.Value.TraceUrl(id), today);
        return Html(http, DashboardPages.Review(model, Token(http, antiforgery)));
    }

    internal static async Task<IResult> Retry(Guid id, HttpContext http, IAntiforgery antiforgery, TimeProvider time, ReviewsDbContext database)
    {
        var back = $"/reviews/{id}#notifications";
        const string title = "The notification was not retried";
        if (!await ReviewEndpoints.Visible(database, http.User, id, http.RequestAborted).ConfigureAwait(false))
        {
            return Html(http, DashboardPages.Problem(title, [$"There is no review {id}."], "/"), StatusCodes.Status404NotFound);
        }

        if (!http.Request.HasFormContentType)
        {
            return Html(http, DashboardPages.Problem(title, ["Send the retry from the review's page (an HTML form)."], back), StatusCodes.Status415UnsupportedMediaType);
        }

        if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            return Html(http, DashboardPages.Problem(title, ["The form could not be verified as this dashboard's own (its antiforgery token is missing or out of date). Reload the review's page and try again."], back),
                StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var problems = new List<string>();
        if (!Guid.TryParse(form["eventId"], out var eventId) || eventId == Guid.Empty)
        {
            problems.Add("The form is missing its id; reload the review's page and try again.");
        }

        var retry = new DeliveryRetryRequested(id, LondonTime.DateAt(time.GetUtcNow()), form["key"].ToString(),
            form["requestedBy"].ToString().Trim(), form["reason"].ToString().Trim(), eventId);
        foreach (var (field, messages) in EventValidator.Validate(retry))
        {
            var label = field switch
            {
                "requestedBy" => "Your name",
                "reason" => "Reason",
                "idempotencyKey" => "The notification",
                _ => field,
            };
            problems.AddRange(messages.Select(m => $"{label} {m}"));
        }

        if (problems.Count > 0)
        {
            return Html(http, DashboardPages.Problem(title, problems.Distinct(), back), StatusCodes.Status422UnprocessableEntity);
        }

        var answer = await ReviewEndpoints.SendToReview(http.RequestServices, retry, null, http.RequestAborted).ConfigureAwait(false);
        if (answer.Rejected is { CurrentState: null })
        {
            return Html(http, DashboardPages.Problem(title, [$"There is no review {id}."], "/"), StatusCodes.Status404NotFound);
        }

        if (answer.Rejected is { } rejected)
        {
            return Html(http, DashboardPages.Problem(title, [$"The review refused it: {rejected.Reason}. The refusal is recorded on its timeline."], back),
                StatusCodes.Status409Conflict);
        }

        // Post, redirect, get: the page shows the retry on the timeline, and reloading it does not post again.
        http.Response.Headers.Location = $"/reviews/{id}#timeline";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>
    /// How a deadline's due date was counted, from the counting rule of its profile entry (the row's key) and the
    /// calendar; the words stored when it was armed when the entry no longer gives the same date (or it has none).
    /// </summary>
    internal static string Explain(DeadlineRecord deadline, ReviewProcedure procedure)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        ArgumentNullException.ThrowIfNull(procedure);
        var entry = procedure.Find(deadline.Partnership)?.Timetable.FirstOrDefault(e => e.Key == deadline.Key);
        if (entry is null || entry.Timescale.From(deadline.AnchorOn, procedure.Calendar) != deadline.DueOn)
        {
            return deadline.Derivation;
        }

        var text = DueDateExplanation.Explain(entry.Timescale, deadline.AnchorOn, procedure.Calendar);
        return deadline.OpensOn is { } opens ? $"{text}; the window opens on {DueDateExplanation.Format(opens)}" : text;
    }

    private static List<string> States(ReviewStateMachine machine) =>
        [.. machine.States.Select(s => s.Name).Where(name => name is not "Initial" and not "Final")];

    private static FormToken Token(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new FormToken(tokens.FormFieldName, tokens.RequestToken ?? string.Empty);
    }

    private static IResult Html(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}
