using Microsoft.AspNetCore.Http.HttpResults;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Hosting;

/// <summary>
/// <c>POST /api/admin/clock/advance</c> and <c>GET /api/admin/clock</c>: mapped only in virtual-clock mode.
/// Advancing runs the deadline pump and the outbox relay at once, so what fell due has fired by the answer.
/// </summary>
public static class ClockEndpoints
{
    /// <summary>Maps the endpoints if the clock is virtual.</summary>
    public static IEndpointRouteBuilder MapClockEndpoints(this IEndpointRouteBuilder app, ClockOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsVirtual)
        {
            return app;
        }

        var clock = app.MapGroup("/api/admin/clock").WithTags("Virtual clock").RequireAuthorization(SecurityPolicies.Clock);
        clock.MapGet("/", (TimeProvider time) => TypedResults.Ok(Now(time))).WithSummary("The virtual clock's time");
        clock.MapPost("/advance", Advance).WithSummary("Move virtual time forward by days and/or hours, or to a date; fires what fell due");
        return app;
    }

    private const int MaxDays = 3660;

    internal static async Task<Results<Ok<ClockAnswer>, ProblemHttpResult>> Advance(
        AdvanceRequest request, TimeProvider time, DeadlinePump pump, OutboxRelay relay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = (VirtualClock)time;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var by = TimeSpan.Zero;
        if (request.To is { } to)
        {
            var target = LondonTime.StartOfDayUtc(to);
            if (request.Days is not null || request.Hours is not null)
            {
                errors["to"] = ["give either a date to move to or days and hours to move by, not both."];
            }
            else if (target < clock.GetUtcNow() || to > QueryDate.Latest)
            {
                errors["to"] = ["must be ahead of the virtual clock and no later than 2200; time only moves forward."];
            }
            else
            {
                by = target - clock.GetUtcNow();
            }
        }
        else if (request.Days is < 0 or > MaxDays || request.Hours is < 0 or > MaxDays * 24 || (request.Days ?? 0) + (request.Hours ?? 0) == 0)
        {
            errors["days"] = [$"move forward by 0-{MaxDays} days and/or hours, at least one of them positive."];
        }
        else
        {
            by = TimeSpan.FromDays(request.Days ?? 0) + TimeSpan.FromHours(request.Hours ?? 0);
        }

        if (errors.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status422UnprocessableEntity, Title = "The clock cannot move like that." });
        }

        clock.Advance(by);
        var fired = await pump.PumpOnce(cancellationToken).ConfigureAwait(false);
        while (await relay.RelayOnce(cancellationToken).ConfigureAwait(false) > 0)
        {
            // Publish everything the pump just wrote before answering.
        }

        return TypedResults.Ok(Now(time) with { Fired = fired });
    }

    private static ClockAnswer Now(TimeProvider time) =>
        new(time.GetUtcNow(), LondonTime.DateAt(time.GetUtcNow()), null);

    /// <summary>Move by <see cref="Days"/> and <see cref="Hours"/>, or to the start of <see cref="To"/> (London).</summary>
    public sealed record AdvanceRequest(int? Days, int? Hours, DateOnly? To);

    /// <summary>The virtual time, today's date in London, and what the advance fired.</summary>
    public sealed record ClockAnswer(DateTimeOffset Now, DateOnly Today, PumpResult? Fired);
}
