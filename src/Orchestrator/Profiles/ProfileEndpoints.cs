using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Timetable;

namespace Orchestration.Orchestrator.Profiles;

/// <summary>The loaded procedure profiles and their timetables over HTTP.</summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/profiles").WithTags("Profiles");
        group.MapGet("/", List).WithName("ListProfiles").WithSummary("The loaded procedure profiles, national first.");
        group.MapGet("/{name}", Get).WithName("GetProfile").WithSummary("A profile's bodies, routes, quorum, recipients and effective timetable.");
        group.MapGet("/{name}/timetable", DrawTimetable)
            .WithName("DrawProfileTimetable")
            .WithSummary("The profile's full statutory timetable for a referral date; later anchors are projected unless given.");
        return app;
    }

    internal static Ok<IReadOnlyList<ProfileSummary>> List(ProfileCatalogue profiles) =>
        TypedResults.Ok<IReadOnlyList<ProfileSummary>>([.. profiles.All.Select(ProfileView.Summarise)]);

    internal static Results<Ok<ProfileView>, ProblemHttpResult> Get(string name, ProfileCatalogue profiles) =>
        profiles.Find(name) is { } profile ? TypedResults.Ok(ProfileView.Of(profile)) : NoSuchProfile();

    internal static Results<Ok<IReadOnlyList<TimetableRowView>>, ProblemHttpResult, ValidationProblem> DrawTimetable(
        string name,
        [FromQuery(Name = "referral")] string? referral,
        [FromQuery(Name = "aware")] string? aware,
        [FromQuery(Name = "acknowledged")] string? acknowledged,
        [FromQuery(Name = "endorsed")] string? endorsed,
        [FromQuery(Name = "publication")] string? publication,
        [FromQuery(Name = "route")] string? route,
        ProfileCatalogue profiles,
        WorkingDayCalendar calendar)
    {
        if (profiles.Find(name) is null)
        {
            return NoSuchProfile();
        }

        var answer = new TimetableRequest(name, referral, aware, acknowledged, endorsed, publication, route).Draw(profiles, calendar);
        if (answer.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(answer.Errors, title: "The timetable could not be drawn.");
        }

        return TypedResults.Ok<IReadOnlyList<TimetableRowView>>([.. answer.Rows.Select(TimetableRowView.Of)]);
    }

    private static ProblemHttpResult NoSuchProfile() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such profile", detail: "No procedure profile has that name; GET /api/profiles lists them.");
}

/// <summary>One row of a drawn timetable.</summary>
/// <param name="AnchorAssumed">True when the anchor date is projected from an earlier step's due date, not given.</param>
/// <param name="Governs">False when another row for the same rule gives a stricter date for this case.</param>
public sealed record TimetableRowView(
    string Key,
    string Name,
    string Rule,
    string Source,
    string Timescale,
    TimetableAnchor Anchor,
    DateOnly? AnchorOn,
    bool AnchorAssumed,
    DateOnly? OpensOn,
    DateOnly? DueOn,
    DeadlineBound Bound,
    bool Advisory,
    bool Governs)
{
    public static TimetableRowView Of(ProjectedRow row) => new(
        row.Entry.Key,
        row.Entry.Name,
        row.Citation,
        row.Entry.Source,
        TimescaleView.Describe(row.Entry),
        row.Entry.Anchor,
        row.AnchorOn,
        row.AnchorAssumed,
        row.OpensOn,
        row.DueOn,
        row.Entry.Bound,
        row.Entry.Advisory,
        row.Governs);
}
