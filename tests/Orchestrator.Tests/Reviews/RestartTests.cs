using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>Stopping the orchestrator and starting it again over the same database loses nothing.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"restart-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(file + suffix);
        }
    }

    [Fact]
    public async Task Reviews_at_every_stage_come_back_whole_after_a_restart_and_carry_on()
    {
        Guid awaiting, rapid, local, notPublished;
        var before = new Dictionary<Guid, (string Review, string Timeline)>();
        await using (var first = OrchestratorFactory.OnDatabase(file))
        {
            var client = new ReviewClient(first.CreateClient());
            awaiting = (await client.Open(Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01"))).Id;
            await client.Apply(awaiting, "TriageRecommendationMade", new { occurredOn = "2027-03-02", recommendation = "RapidReview", reason = "Criteria met." });
            await client.Apply(awaiting, "PartnerDecisionRecorded", new { occurredOn = "2027-03-02", partner = "Police", decision = "RapidReview", reason = "Criteria met." });

            rapid = (await client.Open(Referrals.Complete("llr", "LocalAuthorityNotification", "2027-03-01", "2027-02-26"))).Id;
            await client.Apply(rapid, "InformationRequestsSent", new { occurredOn = "2027-03-02", agencies = new[] { "Police", "School" }, dueOn = "2027-03-12" });
            await client.Apply(rapid, "AgencyInformationReturned", new { occurredOn = "2027-03-05", agency = "School", noRecords = true });

            local = await ToLocalReview(client, "2027-03-01");
            notPublished = await ToLocalReview(client, "2027-01-04");
            await client.Apply(notPublished, "DecisionNotToPublish", new { occurredOn = "2027-01-04", justification = "Publication would identify the surviving siblings." });
            foreach (var id in new[] { awaiting, rapid, local, notPublished })
            {
                before[id] = (await client.Http.GetStringAsync($"/api/reviews/{id}"), await client.Http.GetStringAsync($"/api/reviews/{id}/timeline"));
            }
        }

        await using var second = OrchestratorFactory.OnDatabase(file);
        var again = new ReviewClient(second.CreateClient());
        foreach (var (id, (review, timeline)) in before)
        {
            Assert.Equal(review, await again.Http.GetStringAsync($"/api/reviews/{id}"));
            Assert.Equal(timeline, await again.Http.GetStringAsync($"/api/reviews/{id}/timeline"));
        }

        var all = JsonDocument.Parse(await again.Http.GetStringAsync("/api/reviews")).RootElement;
        Assert.Equal(4, all.GetProperty("total").GetInt32());

        // The restarted orchestrator carries on where the first left off.
        await again.Apply(awaiting, "PartnerDecisionRecorded", new { occurredOn = "2027-03-03", partner = "Icb", decision = "RapidReview", reason = "Criteria met." });
        var decided = await again.Apply(awaiting, "PartnerDecisionRecorded", new { occurredOn = "2027-03-03", partner = "LocalAuthority", decision = "RapidReview", reason = "Criteria met." });
        Assert.Equal("RapidReview", decided.State);
        var returned = await again.Apply(rapid, "AgencyInformationReturned", new { occurredOn = "2027-03-08", agency = "Police", noRecords = false });
        Assert.All(returned.AgencyRequests, r => Assert.NotNull(r.ReturnedOn));
    }

    /// <summary>A notification taken through a quorate Rapid Review to a commissioned local CSPR.</summary>
    private static async Task<Guid> ToLocalReview(ReviewClient client, string on)
    {
        var id = (await client.Open(Referrals.Complete("national", "LocalAuthorityNotification", on, on))).Id;
        await client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = on, attendees = Referrals.FullMeeting() });
        await client.Apply(id, "RapidReviewReportDrafted", new { occurredOn = on });
        await client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = on, endorsedBy = new[] { "LocalAuthority", "Police", "Icb" } });
        await client.Apply(id, "RapidReviewOutcomeDecided", new { occurredOn = on, outcome = "LocalReview", reason = "Significant learning." });
        await client.Apply(id, "CsprCommissioned", new { occurredOn = on });
        await client.Apply(id, "LeadReviewerAppointed", new { occurredOn = on, reviewerName = "Dr Independent", conflictOfInterestDeclared = false });
        await client.Apply(id, "TermsOfReferenceAgreed", new { occurredOn = on });
        await client.Apply(id, "FamilyEngagementRecorded", new { occurredOn = on, invited = true, participated = false, reasonNotInvolved = "The family declined." });
        await client.Apply(id, "FinalReportSignedOff", new { occurredOn = on });
        return id;
    }
}
