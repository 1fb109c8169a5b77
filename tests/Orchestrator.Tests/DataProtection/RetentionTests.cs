using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Orchestrator.Retention;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Durability;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Orchestrator.Tests.Security;
using Orchestration.Workers.Ledger;

namespace Orchestration.Orchestrator.Tests.DataProtection;

/// <summary>
/// After <c>Retention:PersonalDataYears</c> from a review's closing date its personal fields are erased through the
/// review itself (<c>PersonalDataErased</c> on its timeline); the statutory record and the timeline's chain stay. An
/// administrator may erase one review's personal data on request.
/// </summary>
public sealed class RetentionTests : IDisposable
{
    private readonly ProtectedStore store = new();

    public void Dispose() => store.Dispose();

    [Fact]
    public async Task A_closed_review_keeps_its_personal_data_until_the_period_ends_then_only_its_statutory_record()
    {
        await using var factory = OrchestratorFactory.With(store.Settings(("Retention:PersonalDataYears", "2"), ("Delivery:DispatcherEnabled", "true")));
        var client = new ReviewClient(factory.CreateClient());
        var id = await ClosedReview(client);
        await factory.Relay();
        await Durable.Until(async () => (await Ledger(factory, id)) is { Count: > 0 } rows && rows.All(d => d.State == DeliveryState.Sent), "the notifications to be sent");
        var before = await client.Eventually(id, r => r.Deliveries.All(d => d.Status == DeliveryStatus.Sent));
        Assert.All(before.Deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        var retention = factory.Services.GetRequiredService<PersonalDataRetention>();

        // Closed on 5 March 2027; on 30 June 2028 the two years have not passed.
        Assert.Equal(0, await retention.EraseDue(CancellationToken.None));
        Assert.Contains(Referrals.ChildName, (await Referral(factory, id)).Payload, StringComparison.Ordinal);

        factory.Clock.Advance(TimeSpan.FromDays(366));
        await retention.EraseDue(CancellationToken.None);

        var after = await client.Get(id);
        Assert.Equal((before.State, before.KeyDates, before.TimelineLength + 1), (after.State, after.KeyDates, after.TimelineLength));
        Assert.Equal(before.Deadlines, after.Deadlines);
        Assert.Equal(PersonalDataErasure.Marker, after.ClosureReason);
        Assert.All(after.PartnerVotes, v => Assert.Equal(PersonalDataErasure.Marker, v.Reason));
        Assert.All(after.Recommendations, r => Assert.Equal(PersonalDataErasure.Marker, r.Reason));
        Assert.Equal(before.PartnerVotes.Select(v => (v.Partner, v.Decision, v.DecidedOn)), after.PartnerVotes.Select(v => (v.Partner, v.Decision, v.DecidedOn)));
        Assert.True(PersonalDataErasure.IsErased(await Referral(factory, id)));
        Assert.Null(await factory.Read(db => db.Reviews.AsNoTracking().Where(r => r.CorrelationId == id).Select(r => r.ReferrerEmail).SingleAsync()));

        var timeline = await client.Timeline(id);
        Assert.Equal(("PersonalDataErased", TimelineEntry.Applied), (timeline[^1].Event, timeline[^1].Outcome));
        Assert.Contains("retention period", timeline[^1].Detail, StringComparison.Ordinal);
        Assert.All(timeline, entry => Assert.Empty(ProtectedStore.PersonalValuesIn(entry.Detail)));
        await AssertVerified(client, id);

        // The workers' ledger keeps what was sent, to whom and when, and loses the facts it was written from.
        await factory.Relay();
        await Durable.Until(
            async () => (await Ledger(factory, id)).All(d => !d.Command.Contains("\"receivedOn\":\"2027", StringComparison.Ordinal)),
            "the ledger to erase the facts of the review's notifications");
        Assert.All(await Ledger(factory, id), d => Assert.Equal(DeliveryState.Sent, d.State));

        // The counts for reports are the statutory record's.
        var report = JsonNode.Parse(await client.Http.GetStringAsync(new Uri("/api/reports/partnerships/warrington?from=2027-01-01&to=2027-12-31", UriKind.Relative)))!;
        Assert.Equal(1, report["referrals"]!.GetValue<int>());

        // Once erased, a later pass leaves it alone.
        Assert.Equal(0, await retention.EraseDue(CancellationToken.None));
        Assert.Equal(after.TimelineLength, (await client.Get(id)).TimelineLength);
    }

    [Fact]
    public async Task An_administrator_erases_one_reviews_personal_data_on_request_and_a_reader_may_not()
    {
        await using var factory = SecuredOrchestrator.Create(store.Settings(("Retention:PersonalDataYears", "0")));
        var client = new ReviewClient(factory.CreateClient());
        var id = await ClosedReview(client);

        using var reader = factory.ClientWith(SecuredOrchestrator.WarringtonReader);
        using var refused = await reader.PostAsync(new Uri($"/api/admin/reviews/{id}/personal-data/erasure", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(Referrals.ChildName, (await Referral(factory, id)).Payload, StringComparison.Ordinal);

        using var unknown = await client.Http.PostAsync(new Uri($"/api/admin/reviews/{Guid.NewGuid()}/personal-data/erasure", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        using var erased = await client.Http.PostAsync(new Uri($"/api/admin/reviews/{id}/personal-data/erasure", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var answer = (await erased.Content.ReadFromJsonAsync<ErasureView>(ReviewClient.Json))!;
        Assert.Equal((id, "Closed"), (answer.ReviewId, answer.State));
        Assert.True(PersonalDataErasure.IsErased(await Referral(factory, id)));
        var last = (await client.Timeline(id))[^1];
        Assert.Equal("PersonalDataErased", last.Event);
        Assert.Contains("on request of", last.Detail, StringComparison.Ordinal);
        await AssertVerified(client, id);
    }

    /// <summary>A Warrington agency referral closed while awaiting the decision, with reasons that name the mother.</summary>
    private static async Task<Guid> ClosedReview(ReviewClient client)
    {
        var id = (await client.Open(Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01"))).Id;
        await client.Apply(id, "TriageRecommendationMade", new { occurredOn = "2027-03-02", recommendation = "RapidReview", reason = "Pat Testparent's account is unclear." });
        await client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-02", partner = "Police", decision = "RapidReview", reason = "Pat Testparent's account does not fit the injuries." });
        var closed = await client.Apply(id, "ReviewClosed", new { occurredOn = "2027-03-05", reason = "Pat Testparent moved the family abroad." });
        Assert.Equal("Closed", closed.State);
        return id;
    }

    private static async Task<List<Workers.Ledger.Delivery>> Ledger(OrchestratorFactory factory, Guid id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkersDbContext>().Deliveries.AsNoTracking().Where(d => d.ReviewId == id).ToListAsync();
    }

    private static Task<ReferralRecord> Referral(OrchestratorFactory factory, Guid id) =>
        factory.Read(db => db.Referrals.AsNoTracking().SingleAsync(r => r.ReviewId == id));

    private static async Task AssertVerified(ReviewClient client, Guid id)
    {
        var verification = await client.Http.GetStringAsync(new Uri($"/api/reviews/{id}/timeline/verify", UriKind.Relative));
        Assert.True(JsonNode.Parse(verification)!["verified"]!.GetValue<bool>(), verification);
    }
}
