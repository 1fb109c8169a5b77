using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Durability;

/// <summary>
/// Virtual time (<c>Clock:Mode=Virtual</c>): a whole Darlington review, 13 months of it, from the notification to
/// closure in seconds, driven only through the API and <c>POST /api/admin/clock/advance</c>; the admin endpoint
/// exists only on a virtual clock; and a production deployment refuses to start with one.
/// </summary>
public sealed class VirtualTimeTests : IDisposable
{
    private const string HeadOfServiceEscalation = "learning-action-escalation-head-of-service";
    private const string ChiefOfficerEscalation = "learning-action-escalation-chief-officer";

    private readonly DatabaseFile file = new();

    public void Dispose() => file.Dispose();

    [Fact]
    public async Task A_Darlington_review_runs_from_notification_to_closure_with_its_escalations_in_seconds_of_virtual_time()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var factory = new VirtualClockFactory(file, "2027-03-23T09:00:00Z");
        var http = factory.CreateClient();
        var client = new ReviewClient(http);
        await using var bus = await BusRecorder.Start(factory.Services);
        var clock = await http.GetFromJsonAsync<JsonElement>("/api/admin/clock");
        Assert.Equal("2027-03-23", clock.GetProperty("today").GetString());

        // Time moves only forward.
        using (var back = await http.PostAsJsonAsync("/api/admin/clock/advance", new { to = "2027-03-01" }))
        {
            Assert.Contains("to", (await ReviewAssert.Malformed(back))["errors"]!.AsObject().Select(e => e.Key));
        }

        var id = (await client.Open(Referrals.Complete("darlington", "LocalAuthorityNotification", "2027-03-23", "2027-03-22"))).Id;
        await On("2027-03-24", "SeriousIncidentNotified", new { });
        await On("2027-03-25", "NationalPanelAcknowledged", new { expectedResponseOn = "2027-04-19" });
        await On("2027-03-30", "InformationRequestsSent", new { agencies = new[] { "Police", "Health visiting" }, dueOn = "2027-04-06" });
        await On("2027-04-07", "RapidReviewMeetingHeld", new { attendees = Referrals.FullMeeting(2) });
        await On("2027-04-08", "RapidReviewReportDrafted", new { });
        await On("2027-04-09", "RapidReviewReportEndorsed", new { endorsedBy = new[] { "LocalAuthority", "Police", "Icb" } });
        Assert.Equal("RapidReviewSubmitted", (await On("2027-04-12", "RapidReviewOutcomeDecided", new { outcome = "LocalReview", reason = "Multi-agency learning about information sharing." })).State);
        Assert.Equal("LocalReview", (await On("2027-04-26", "NationalPanelResponded", new { agreesWithOutcome = true, nationalReview = false })).State);
        await On("2027-04-28", "CsprCommissioned", new { });
        await On("2027-05-05", "LeadReviewerAppointed", new { reviewerName = "Dr Independent", conflictOfInterestDeclared = false });
        await On("2027-05-12", "TermsOfReferenceAgreed", new { });
        await On("2027-05-19", "FamilyEngagementRecorded", new { invited = true, participated = true });
        await client.AttachReport(id, "2027-05-19");
        Assert.Equal("PublicationPending", (await On("2027-08-16", "FinalReportSignedOff", new { })).State);
        await On("2027-08-20", "PublicationScheduled", new { publishOn = "2027-09-07", learningOnly = false });

        // The workers send the regulators' copies on 25 August and say so on the bus.
        var copies = await bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "FinalReportCopy", count: 3);
        await Advance("2027-08-25");
        var endpoint = factory.Services.GetRequiredService<IBus>();
        foreach (var copy in copies.DistinctBy(c => c.IdempotencyKey))
        {
            await endpoint.Publish(new StatutoryNotificationSent(id, ReviewAssert.Day("2027-08-25"), copy.IdempotencyKey, copy.NotificationKind, copy.RecipientRole));
        }

        await client.Eventually(id, r => ReviewAssert.Deadline(r, "N10").Status == "met");
        Assert.Equal("Published", (await On("2027-09-07", "ReportPublished", new { url = "https://example.org/darlington-cspr.pdf", publishedOn = "2027-09-07" })).State);
        var review = await On("2027-09-14", "ActionPlanAgreed", new
        {
            actions = new[]
            {
                new { actionId = "D1", description = "Review the front door's information-sharing protocol.", ownerAgency = "Durham Constabulary", dueOn = "2027-10-29" },
                new { actionId = "D2", description = "Refresh the neglect toolkit training.", ownerAgency = "Darlington Borough Council", dueOn = "2027-11-30" },
            },
        });
        Assert.Equal("LearningMonitoring", review.State);
        var headOfService = Assert.Single(review.Deadlines, d => d.Subject == "D1" && d.Key == HeadOfServiceEscalation);
        var chiefOfficer = Assert.Single(review.Deadlines, d => d.Subject == "D1" && d.Key == ChiefOfficerEscalation);
        Assert.Equal((ReviewAssert.Day("2028-01-29"), ReviewAssert.Day("2028-04-29")), (headOfService.DueOn, chiefOfficer.DueOn));

        // D1 passes its date (Friday 29 October) unfinished.
        var fired = await Advance("2027-10-30");
        Assert.True(fired.Missed >= 1, $"expected D1's date to fire, fired {fired}");
        review = await client.Eventually(id, r => Action(r, "D1").Status == LearningActionStatus.Overdue);
        Assert.Equal(LearningActionStatus.Overdue, Action(review, "D1").Status);

        // D2 is done in time: nothing of it ever escalates.
        review = await On("2027-11-15", "LearningActionCompleted", new { actionId = "D2" });
        Assert.Equal(LearningActionStatus.Completed, Action(review, "D2").Status);

        // Three months past D1's date: the Head of Service.
        fired = await Advance("2028-01-30");
        Assert.True(fired.Missed >= 1, $"expected the head of service escalation to fire, fired {fired}");
        review = await client.Eventually(id, r => Action(r, "D1").Status == LearningActionStatus.EscalatedToHeadOfService);
        Assert.Equal(LearningActionStatus.EscalatedToHeadOfService, Action(review, "D1").Status);
        var toHead = await bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "LearningActionEscalation" && c.RecipientRole == "HeadOfService");
        var head = Assert.Single(toHead.DistinctBy(c => c.IdempotencyKey));
        Assert.Equal(("N18", ReviewAssert.Day("2028-01-30"), "D1", "2027-10-29"), (head.Rule, head.DueOn, head.Facts!["action"], head.Facts["dueOn"]));

        // Six months past it: the Chief Officer.
        fired = await Advance("2028-04-30");
        Assert.True(fired.Missed >= 1, $"expected the chief officer escalation to fire, fired {fired}");
        review = await client.Eventually(id, r => Action(r, "D1").Status == LearningActionStatus.EscalatedToChiefOfficer);
        Assert.Equal(LearningActionStatus.EscalatedToChiefOfficer, Action(review, "D1").Status);
        var toChief = await bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "LearningActionEscalation" && c.RecipientRole == "ChiefOfficer");
        var chief = Assert.Single(toChief.DistinctBy(c => c.IdempotencyKey));
        Assert.Equal(("N18", ReviewAssert.Day("2028-04-30"), "D1"), (chief.Rule, chief.DueOn, chief.Facts!["action"]));
        Assert.Equal(new[] { "ChiefOfficer", "HeadOfService" },
            bus.All<SendStatutoryNotification>().Where(c => c.ReviewId == id && c.NotificationKind == "LearningActionEscalation")
                .DistinctBy(c => c.IdempotencyKey).Select(c => c.RecipientRole).Order());
        Assert.Equal(new[] { "missed", "missed", "missed" }, review.Deadlines.Where(d => d.Subject == "D1").Select(d => d.Status));
        Assert.All(review.Deadlines.Where(d => d.Subject == "D2"), d => Assert.Equal("met", d.Status));

        // D1 is finally done: every action complete, the review closes.
        review = await On("2028-05-02", "LearningActionCompleted", new { actionId = "D1" });
        Assert.Equal("Closed", review.State);
        Assert.Equal(ReviewAssert.Day("2028-05-02"), review.KeyDates.Closed);
        Assert.Equal("every learning action is complete", review.ClosureReason);
        Assert.All(review.LearningActions, a => Assert.Equal(LearningActionStatus.Completed, a.Status));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"13 months of virtual time took {stopwatch.Elapsed}");

        async Task<ReviewView> On(string day, string eventName, object fields)
        {
            await Advance(day);
            var body = JsonSerializer.SerializeToNode(fields)!.AsObject();
            body["occurredOn"] = day;
            return await client.Apply(id, eventName, body);
        }

        async Task<PumpResult> Advance(string day)
        {
            using var response = await http.PostAsJsonAsync("/api/admin/clock/advance", new { to = day });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"advance to {day}: {(int)response.StatusCode} {text}");
            var answer = JsonDocument.Parse(text).RootElement;
            Assert.Equal(day, answer.GetProperty("today").GetString());
            var result = answer.GetProperty("fired");
            return new PumpResult(result.GetProperty("approaching").GetInt32(), result.GetProperty("missed").GetInt32());
        }
    }

    [Fact]
    public async Task The_virtual_clock_refuses_moves_it_cannot_make_and_stays_where_it_was()
    {
        await using var factory = new VirtualClockFactory(file, "2027-03-23T09:00:00Z");
        using var http = factory.CreateClient();

        var wrong = new List<string>();
        foreach (var move in new object[]
        {
            new { to = "2027-03-22" },
            new { days = 0 },
            new { days = -1 },
            new { hours = -5 },
            new { days = 3661 },
            new { to = "2027-04-01", days = 1 },
            new { days = 100_000_000 },
            new { hours = int.MaxValue },
        })
        {
            using var response = await http.PostAsJsonAsync("/api/admin/clock/advance", move);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.UnprocessableEntity)
            {
                wrong.Add($"{JsonSerializer.Serialize(move)}: expected 422, got {(int)response.StatusCode}: {text}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        var clock = await http.GetFromJsonAsync<JsonElement>("/api/admin/clock");
        Assert.Equal(new DateTimeOffset(2027, 3, 23, 9, 0, 0, TimeSpan.Zero), clock.GetProperty("now").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_clock_admin_endpoint_does_not_exist_unless_the_clock_is_virtual()
    {
        await using var factory = new OrchestratorFactory();
        using var http = factory.CreateClient();

        using var advance = await http.PostAsJsonAsync("/api/admin/clock/advance", new { days = 30 });
        Assert.Equal(HttpStatusCode.NotFound, advance.StatusCode);
        using var read = await http.GetAsync("/api/admin/clock");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public void The_service_refuses_to_start_in_production_with_a_virtual_clock()
    {
        using var factory = new VirtualClockFactory(file, "2027-03-23T09:00:00Z", environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var refusal = Unwrap<InvalidOperationException>(error, e => e.Message.Contains("Clock:Mode", StringComparison.Ordinal));
        Assert.Contains("Clock:Mode is Virtual in the Production environment", refusal.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(file.Path), "nothing should have touched the database");
    }

    private static LearningActionRecord Action(ReviewView review, string actionId) => Assert.Single(review.LearningActions, a => a.ActionId == actionId);

    private static T Unwrap<T>(Exception error, Func<T, bool> which)
        where T : Exception
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is T found && which(found))
            {
                return found;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (inner is T match && which(match))
                    {
                        return match;
                    }
                }
            }
        }

        throw new Xunit.Sdk.XunitException($"Expected a {typeof(T).Name} in {error}");
    }
}
