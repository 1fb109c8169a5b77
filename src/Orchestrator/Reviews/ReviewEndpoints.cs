using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Input;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>The review API (DESIGN.md "HTTP API"): open reviews, send them events, read them back.</summary>
public static partial class ReviewEndpoints
{
    private static readonly MethodInfo SendTypedMethod =
        typeof(ReviewEndpoints).GetMethod(nameof(SendTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Maps the review endpoints.</summary>
    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/reviews").WithTags("Reviews");
        reviews.MapPost("/", Open)
            .Accepts<ReferralSubmitted>("application/json")
            .RequireAuthorization(SecurityPolicies.Submit)
            .WithSummary("Open a review from a referral or local authority notification")
            .WithDescription("201 with Location; 422 listing every missing or invalid field, with nothing stored; 200 for a repeat of a referral already received (same eventId); "
                + "403 for a partnership the caller does not act for.");
        reviews.MapGet("/", List).RequireAuthorization(SecurityPolicies.Read).WithSummary("List the caller's partnerships' reviews, filtered by partnership and state, newest first");
        reviews.MapGet("/{id:guid}", Get).RequireAuthorization(SecurityPolicies.Read).WithName("GetReview").WithSummary("A review: state, key dates, deadlines, deliveries");
        reviews.MapGet("/{id:guid}/timeline", Timeline).RequireAuthorization(SecurityPolicies.Read).WithSummary("A review's timeline, oldest first");
        reviews.MapGet("/{id:guid}/timeline/verify", Verify).RequireAuthorization(SecurityPolicies.Read).WithSummary("Recompute the timeline's hash chain and report the first broken entry");
        reviews.MapPost("/{id:guid}/events/{eventName}", Send)
            .RequireAuthorization(SecurityPolicies.SendEvents)
            .Accepts<JsonObject>("application/json")
            .WithSummary("Send a review one contract event by name; answers once the review applied or rejected it")
            .WithDescription("200 with the review; 409 with currentState and acceptedEvents; 404 for no such review or event name; 422 for a malformed event. Events: "
                + string.Join(", ", EventCatalogue.Names) + ".");
        reviews.MapPost("/{id:guid}/documents", AttachDocument)
            .RequireAuthorization(SecurityPolicies.Submit)
            .WithMetadata(new RequestBodyLimit.DocumentBody())
            .Accepts<byte[]>("application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/plain")
            .WithSummary("Upload the final report (kind=FinalReport) or the learning-only report (kind=LearningOnly) as the request body; occurredOn defaults to today")
            .WithDescription("201 with the stored document; 422 when it names a child or family member recorded at referral (each place listed, nothing stored) or kind is missing; "
                + "413 when larger than Documents:MaxBytes; 415 when the content is not a PDF, .docx or UTF-8 text, or not what Content-Type says; 404 for no such review; 409 when the review does not accept a report now.");
        return app;
    }

    internal static async Task<IResult> Open(HttpContext http, ReviewProcedure procedure, TimeProvider time, ReviewsDbContext database, ReviewStateMachine machine)
    {
        var (body, unreadable) = await JsonBody.Read(http, "referral").ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var (referral, malformed) = EventCatalogue.Read<ReferralSubmitted>(body!);
        if (malformed.Count > 0)
        {
            return Returned(malformed);
        }

        var problems = ReferralValidator.Validate(referral, procedure, LondonTime.DateAt(time.GetUtcNow()));
        if (problems.Count > 0)
        {
            return Returned(problems);
        }

        // The partnership exists (the validator checked its profile) and profiles are public: refusing says nothing new.
        if (!http.User.MaySee(referral!.Partnership))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your partnership",
                detail: $"The caller does not act for the partnership '{referral.Partnership}'. Nothing was stored.");
        }

        // A repeat names its review by eventId: another partnership's review must stay unseen, and untouched.
        if (referral.EventId is { } repeated && !await Visible(database, http.User, repeated, http.RequestAborted, mustExist: false).ConfigureAwait(false))
        {
            return NoSuchReview(repeated);
        }

        var reviewId = referral.EventId ?? Guid.NewGuid();
        BusAnswer answer;
        try
        {
            answer = await SendToReview(http.RequestServices, referral, reviewId, http.RequestAborted).ConfigureAwait(false);
        }
        catch (RequestFaultException fault) when (fault.Fault?.Exceptions.Any(e => e.ExceptionType == typeof(ReferralReturnedException).FullName) == true)
        {
            return Returned(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["body"] = [fault.Fault.Exceptions[0].Message] });
        }

        if (answer.Rejected is { CurrentState: null } returned)
        {
            return Returned(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["body"] = [returned.Reason] });
        }

        if (answer.Rejected is { } rejected)
        {
            return Refused(rejected);
        }

        var review = await Load(database, reviewId, http.RequestAborted).ConfigureAwait(false);
        var view = ReviewView.Of(review!, machine);
        var location = $"/api/reviews/{reviewId}";
        if (answer.Applied!.Duplicate)
        {
            http.Response.Headers.Location = location;
            return TypedResults.Ok(view);
        }

        return TypedResults.Created(location, view);
    }

    internal static async Task<IResult> Send(Guid id, string eventName, HttpContext http, TimeProvider time, ReviewsDbContext database, ReviewStateMachine machine)
    {
        if (EventCatalogue.Find(eventName) is not { } type)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such event",
                detail: $"The address names no event a caller can send. Events: {string.Join(", ", EventCatalogue.Names)}.");
        }

        if (!await Visible(database, http.User, id, http.RequestAborted).ConfigureAwait(false))
        {
            return NoSuchReview(id);
        }

        if (!http.User.IsInRole(SecurityPolicies.RoleToSend(eventName)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your decision to record",
                detail: $"Sending {eventName} needs the role {SecurityPolicies.RoleToSend(eventName)}.");
        }

        var (json, unreadable) = await JsonBody.Read(http, eventName).ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (json!.TryGetPropertyValue("reviewId", out var given) && given is not null
            && (given.GetValueKind() != JsonValueKind.String || !Guid.TryParse(given.GetValue<string>(), out var givenId) || givenId != id))
        {
            return Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["reviewId"] = ["must be left out or match the review in the address."] }, eventName);
        }

        json!["reviewId"] = id.ToString();
        var (message, problems) = EventCatalogue.Read(type, json);
        if (problems.Count == 0)
        {
            problems = EventValidator.Validate(message!);
        }

        if (problems.Count == 0 && message is IReviewEvent e && e.OccurredOn > LondonTime.DateAt(time.GetUtcNow()))
        {
            problems["occurredOn"] = ["is in the future."];
        }

        if (problems.Count > 0)
        {
            return Invalid(problems, eventName);
        }

        var answer = await SendToReview(http.RequestServices, message!, null, http.RequestAborted).ConfigureAwait(false);
        if (answer.Rejected is { } rejected)
        {
            return Refused(rejected);
        }

        var review = await Load(database, id, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(ReviewView.Of(review!, machine));
    }

    internal static async Task<Results<Ok<ReviewView>, ProblemHttpResult>> Get(
        Guid id, HttpContext http, ReviewsDbContext database, ReviewStateMachine machine, TimeProvider time, CancellationToken cancellationToken)
    {
        var review = await Load(database, id, cancellationToken).ConfigureAwait(false);
        if (review is null || !http.User.MaySee(review.Partnership))
        {
            return NoSuchReview(id);
        }

        await AccessLog.Record(database, http.User, id, review.Partnership, AccessLog.Review, time, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ReviewView.Of(review, machine));
    }

    internal static async Task<Results<Ok<Paged<ReviewSummary>>, ProblemHttpResult>> List(
        HttpContext http, ReviewsDbContext database, ReviewStateMachine machine, ProfileCatalogue profiles,
        string? partnership, string? state, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var (number, size, problem) = Paging(page, pageSize);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(partnership) && profiles.Find(partnership) is null)
        {
            errors["partnership"] = ["is not a partnership with a loaded procedure profile."];
        }

        if (!string.IsNullOrWhiteSpace(state) && !machine.States.Any(s => s.Name == state))
        {
            errors["state"] = ["is not a state of the review lifecycle."];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors, "query");
        }

        var query = database.Reviews.AsNoTracking().IgnoreAutoIncludes();
        if (http.User.Partnerships() is { } allowed)
        {
            query = query.Where(r => allowed.Contains(r.Partnership));
        }

        if (!string.IsNullOrWhiteSpace(partnership))
        {
            query = query.Where(r => r.Partnership == partnership);
        }

        if (!string.IsNullOrWhiteSpace(state))
        {
            query = query.Where(r => r.CurrentState == state);
        }

        var total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        var items = await query
            .OrderByDescending(r => r.ReceivedOn).ThenBy(r => r.CorrelationId)
            .Skip((number - 1) * size).Take(size)
            .Select(r => new ReviewSummary(r.CorrelationId, r.Partnership, r.Route, r.CurrentState, r.ReceivedOn,
                database.Deadlines.Where(d => d.ReviewId == r.CorrelationId && d.Status == DeadlineStatus.Open).Min(d => (DateOnly?)d.DueOn)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new Paged<ReviewSummary>(items, number, size, total));
    }

    internal static async Task<Results<Ok<IReadOnlyList<TimelineEntryView>>, ProblemHttpResult>> Timeline(
        Guid id, HttpContext http, ReviewsDbContext database, CancellationToken cancellationToken)
    {
        if (!await Visible(database, http.User, id, cancellationToken, mustExist: true).ConfigureAwait(false))
        {
            return NoSuchReview(id);
        }

        var entries = await database.Timeline.AsNoTracking().Where(t => t.ReviewId == id).OrderBy(t => t.Sequence)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<TimelineEntryView>>([.. entries.Select(TimelineEntryView.Of)]);
    }

    internal static async Task<Results<Ok<TimelineVerification>, ProblemHttpResult>> Verify(
        Guid id, HttpContext http, ReviewsDbContext database, CancellationToken cancellationToken)
    {
        var head = await database.Reviews.AsNoTracking().IgnoreAutoIncludes().Where(r => r.CorrelationId == id)
            .Select(r => new { r.Partnership, r.TimelineLength, r.TimelineHead }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (head is null || !http.User.MaySee(head.Partnership))
        {
            return NoSuchReview(id);
        }

        var entries = await database.Timeline.AsNoTracking().Where(t => t.ReviewId == id).OrderBy(t => t.Sequence)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(TimelineVerification.Check(id, entries, head.TimelineLength, head.TimelineHead));
    }

    /// <summary>The furthest page a list goes to: far beyond any real list, and small enough that the rows skipped stay a whole number.</summary>
    public const int MaxPage = 1_000_000;

    internal static (int Page, int Size, ProblemHttpResult? Problem) Paging(int? page, int? pageSize)
    {
        var number = page ?? 1;
        var size = pageSize ?? 50;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (number is < 1 or > MaxPage)
        {
            errors["page"] = [$"must be between 1 and {MaxPage}."];
        }

        if (size is < 1 or > 500)
        {
            errors["pageSize"] = ["must be between 1 and 500."];
        }

        return errors.Count == 0 ? (number, size, null) : (number, size, Invalid(errors, "query"));
    }

    /// <summary>
    /// Whether the caller may see and change the review: its partnership is one of the caller's. Unless
    /// <paramref name="mustExist"/>, a review that does not exist passes too, and the review's own answer (404) follows,
    /// the same as for another partnership's review.
    /// </summary>
    internal static async Task<bool> Visible(ReviewsDbContext database, ClaimsPrincipal caller, Guid id, CancellationToken cancellationToken, bool mustExist = false)
    {
        if (caller.SeesEveryPartnership() && !mustExist)
        {
            return true;
        }

        var partnership = await database.Reviews.AsNoTracking().IgnoreAutoIncludes().Where(r => r.CorrelationId == id)
            .Select(r => r.Partnership).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return partnership is null ? !mustExist : caller.MaySee(partnership);
    }

    private static Task<ReviewState?> Load(ReviewsDbContext database, Guid id, CancellationToken cancellationToken) =>
        database.Reviews.AsNoTracking().SingleOrDefaultAsync(r => r.CorrelationId == id, cancellationToken);

    private static ProblemHttpResult Returned(Dictionary<string, string[]> problems) =>
        TypedResults.Problem(new HttpValidationProblemDetails(problems)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The referral is returned to the referrer: it is incomplete or invalid.",
            Detail = "Nothing was stored. Each field below needs attention.",
        });

    private static ProblemHttpResult Invalid(Dictionary<string, string[]> problems, string what) =>
        TypedResults.Problem(new HttpValidationProblemDetails(problems)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = $"The {what} is malformed.",
            Detail = "Nothing was changed. Each field below needs attention.",
        });

    private static ProblemHttpResult Refused(ReviewEventRejected rejected)
    {
        if (rejected.CurrentState is null)
        {
            return NoSuchReview(rejected.ReviewId);
        }

        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["currentState"] = rejected.CurrentState,
            ["acceptedEvents"] = rejected.AcceptedEvents.Where(name => EventCatalogue.Find(name) is not null).ToList(),
        };
        if (rejected.EarliestCompliantPublicationDate is { } earliest)
        {
            extensions["earliestCompliantPublicationDate"] = earliest.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The review did not accept {rejected.EventName}.",
            detail: $"Rejected because {rejected.Reason}. The rejection is recorded in the review's timeline.", extensions: extensions);
    }

    private static ProblemHttpResult NoSuchReview(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such review", detail: $"There is no review {id}.");

    internal static Task<BusAnswer> SendToReview(IServiceProvider services, object message, Guid? correlationId, CancellationToken cancellationToken) =>
        (Task<BusAnswer>)SendTypedMethod.MakeGenericMethod(message.GetType()).Invoke(null, [services, message, correlationId, cancellationToken])!;

    private static async Task<BusAnswer> SendTyped<T>(IServiceProvider services, T message, Guid? correlationId, CancellationToken cancellationToken)
        where T : class
    {
        var client = services.GetRequiredService<IRequestClient<T>>();

        // Sending waits for the broker while it is down: the caller gets a 503 after this long, not a hung request.
        using var answerWithin = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        answerWithin.CancelAfter(BusAnswerTimeout);
        Response<ReviewEventApplied, ReviewEventRejected> response;
        try
        {
            response = await client.GetResponse<ReviewEventApplied, ReviewEventRejected>(
                message,
                request =>
                {
                    if (correlationId is { } id)
                    {
                        request.UseExecute(context => context.CorrelationId = id);
                    }
                },
                answerWithin.Token).WaitAsync(BusAnswerTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception timedOut) when (timedOut is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The token bounds the wait for the answer; WaitAsync bounds a send that does not heed it (a broker channel
            // lost mid-publish): either way the caller hears 503 and retries with the same event id.
            throw new RequestTimeoutException($"the review did not answer within {BusAnswerTimeout.TotalSeconds:0} seconds");
        }
        if (response.Is(out Response<ReviewEventApplied>? applied))
        {
            return new BusAnswer(applied.Message, null);
        }

        return response.Is(out Response<ReviewEventRejected>? rejected)
            ? new BusAnswer(null, rejected.Message)
            : throw new InvalidOperationException("The review answered with neither applied nor rejected.");
    }

    /// <summary>How long a request waits for the review's answer through the bus before it answers 503.</summary>
    public static readonly TimeSpan BusAnswerTimeout = TimeSpan.FromSeconds(20);

    internal sealed record BusAnswer(ReviewEventApplied? Applied, ReviewEventRejected? Rejected);
}
