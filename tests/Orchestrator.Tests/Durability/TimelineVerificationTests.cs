using System.Net;
using System.Net.Http.Json;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Durability;

/// <summary>
/// <c>GET /api/reviews/{id}/timeline/verify</c> recomputes the hash chain: an intact timeline verifies; an entry
/// changed in the database, or the last one removed, is reported.
/// </summary>
public sealed class TimelineVerificationTests : IAsyncLifetime
{
    private readonly DatabaseFile file = new();
    private OrchestratorFactory factory = null!;
    private ReviewClient client = null!;

    public Task InitializeAsync()
    {
        factory = OrchestratorFactory.With(file.Settings());
        client = new ReviewClient(factory.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        file.Dispose();
    }

    [Fact]
    public async Task An_intact_timeline_verifies_and_an_entry_changed_in_the_database_is_reported_by_its_sequence()
    {
        var id = await ReviewWithFiveEntries();
        var intact = await Verify(id);
        Assert.Equal(new TimelineVerification(id, 5, true, null, null), intact);

        // Someone with access to the file softens what the review recorded at entry 3. The words are encrypted, so they
        // cannot be edited in place, only overwritten: in plain text, which reads as a row from before encryption.
        var changed = file.Execute("UPDATE timeline SET Detail = 'nothing of note (amended)' WHERE ReviewId = @id AND Sequence = 3", ("@id", id.ToString().ToUpperInvariant()));
        Assert.Equal(1, changed);
        Assert.EndsWith("(amended)", (await client.Timeline(id))[2].Detail, StringComparison.Ordinal);

        var broken = await Verify(id);
        Assert.Equal((id, 5, false, 3), (broken.ReviewId, broken.Entries, broken.Verified, broken.FirstBrokenSequence));
        Assert.Contains("changed after it was written", broken.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_last_entry_is_reported_because_the_review_records_another_length_and_head()
    {
        var id = await ReviewWithFiveEntries();
        var other = await ReviewWithFiveEntries();
        Assert.True((await Verify(id)).Verified);

        var removed = file.Execute("DELETE FROM timeline WHERE ReviewId = @id AND Sequence = 5", ("@id", id.ToString().ToUpperInvariant()));
        Assert.Equal(1, removed);
        Assert.Equal(4, (await client.Timeline(id)).Count);

        // What is left still chains entry to entry; only the review's own record of its length and head shows the cut.
        var truncated = await Verify(id);
        Assert.Equal((id, 4, false, 5), (truncated.ReviewId, truncated.Entries, truncated.Verified, truncated.FirstBrokenSequence));
        Assert.Contains("records 5 entries", truncated.Problem, StringComparison.Ordinal);
        Assert.Contains("removed from the end", truncated.Problem, StringComparison.Ordinal);

        // The other review is untouched.
        Assert.Equal(new TimelineVerification(other, 5, true, null, null), await Verify(other));
    }

    [Fact]
    public async Task Verifying_an_unknown_review_is_404()
    {
        using var response = await client.Http.GetAsync($"/api/reviews/{Guid.NewGuid()}/timeline/verify");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A Warrington agency referral with four more entries: opened, triaged, a rejected early event, two votes.</summary>
    private async Task<Guid> ReviewWithFiveEntries()
    {
        var id = (await client.Open(Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01"))).Id;
        await client.Apply(id, "TriageRecommendationMade", new { occurredOn = "2027-03-02", recommendation = "RapidReview", reason = "Criteria met." });
        await client.Refuse(id, "RapidReviewReportDrafted", new { occurredOn = "2027-03-02" });
        await client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-02", partner = "Police", decision = "RapidReview", reason = "Criteria met." });
        var review = await client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-03", partner = "Icb", decision = "RapidReview", reason = "Criteria met." });
        Assert.Equal(5, review.TimelineLength);
        return id;
    }

    private async Task<TimelineVerification> Verify(Guid id)
    {
        using var response = await client.Http.GetAsync($"/api/reviews/{id}/timeline/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TimelineVerification>(ReviewClient.Json))!;
    }
}
