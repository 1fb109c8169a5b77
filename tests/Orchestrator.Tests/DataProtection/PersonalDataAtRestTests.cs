using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Infrastructure.PersonalData;
using Orchestration.Orchestrator.Tests.Durability;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Ledger;

namespace Orchestration.Orchestrator.Tests.DataProtection;

/// <summary>
/// Personal fields are encrypted at rest with the key ring outside the database: the database files alone reveal
/// nothing personal, the service reads them back, a lost key ring is a clear error, and rows written in plain text
/// before encryption still read.
/// </summary>
public sealed class PersonalDataAtRestTests : IDisposable
{
    private readonly ProtectedStore store = new();

    public void Dispose() => store.Dispose();

    [Fact]
    public async Task A_seeded_childs_name_birth_date_address_and_summary_are_not_in_the_database_files_yet_the_service_reads_them()
    {
        Guid id;
        await using (var factory = OrchestratorFactory.With(store.Settings()))
        {
            var client = new ReviewClient(factory.CreateClient());
            id = await DecidedReview(client);
            await factory.Relay();
            await Durable.Until(async () => await LedgerCount(factory) > 0, "the workers to record the notifications");

            // The service reads what it stored: the names check of an upload finds the child's name in the referral.
            using var naming = await client.Upload(id, "FinalReport", Encoding.UTF8.GetBytes($"A review about {Referrals.ChildName}.\n"), "text/plain", "2027-03-04");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, naming.StatusCode);
            var referral = await factory.Read(db => db.Referrals.AsNoTracking().SingleAsync(r => r.ReviewId == id));
            Assert.Contains(Referrals.ChildName, referral.Payload, StringComparison.Ordinal);
            Assert.Contains("2019-04-02", referral.Payload, StringComparison.Ordinal);
            var review = await client.Get(id);
            Assert.Contains(review.PartnerVotes, v => v.Reason.Contains("Pat Testparent", StringComparison.Ordinal));
        }

        var reviewsFile = ProtectedStore.BytesOf(store.ReviewsFile);
        Assert.Empty(ProtectedStore.PersonalValuesIn(reviewsFile));

        // The scan does find what is stored in plain: the statutory record is not encrypted.
        Assert.True(reviewsFile.AsSpan().IndexOf(Encoding.UTF8.GetBytes("AgencyReferral")) >= 0);
        Assert.Empty(ProtectedStore.PersonalValuesIn(ProtectedStore.BytesOf(store.WorkersFile)));
        Assert.True(Directory.EnumerateFiles(store.KeysPath, "key-*.xml").Any(), "the key ring is beside the database, not in it");
    }

    [Fact]
    public async Task Without_the_key_ring_the_personal_fields_do_not_read_and_the_answer_says_why()
    {
        Guid id;
        await using (var factory = OrchestratorFactory.With(store.Settings()))
        {
            id = await DecidedReview(new ReviewClient(factory.CreateClient()));
        }

        Directory.Delete(store.KeysPath, recursive: true);

        await using (var factory = OrchestratorFactory.With(store.Settings()))
        {
            using var response = await factory.CreateClient().GetAsync(new Uri($"/api/reviews/{id}", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Personal data could not be decrypted.", JsonNode.Parse(body)!["title"]!.GetValue<string>());
            Assert.Empty(ProtectedStore.PersonalValuesIn(body));

            var failure = await Assert.ThrowsAnyAsync<Exception>(() => factory.Read(db => db.Referrals.AsNoTracking().SingleAsync(r => r.ReviewId == id)));
            var unreadable = Assert.IsType<PersonalDataUnreadableException>(failure as PersonalDataUnreadableException ?? failure.InnerException);
            Assert.Contains(store.KeysPath, unreadable.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_row_written_in_plain_text_before_encryption_still_reads_and_its_timeline_still_verifies()
    {
        await using var factory = OrchestratorFactory.With(store.Settings());
        var client = new ReviewClient(factory.CreateClient());
        var id = await DecidedReview(client);
        var referral = await factory.Read(db => db.Referrals.AsNoTracking().SingleAsync(r => r.ReviewId == id));
        var first = (await client.Timeline(id))[0];

        // As the columns were before this change: plain JSON and plain words.
        Assert.Equal(1, store.Execute("UPDATE referrals SET Payload = @payload WHERE ReviewId = @id", ("@payload", referral.Payload), ("@id", id.ToString().ToUpperInvariant())));
        Assert.Equal(1, store.Execute("UPDATE timeline SET Detail = @detail WHERE ReviewId = @id AND Sequence = 1", ("@detail", first.Detail), ("@id", id.ToString().ToUpperInvariant())));
        Assert.Equal(1, store.Execute("UPDATE reviews SET ReferrerEmail = 'jo.referrer@council.example' WHERE review_id = @id", ("@id", id.ToString().ToUpperInvariant())));

        using var naming = await client.Upload(id, "FinalReport", Encoding.UTF8.GetBytes($"A review about {Referrals.ChildName}.\n"), "text/plain", "2027-03-04");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, naming.StatusCode);
        Assert.Equal(first.Detail, (await client.Timeline(id))[0].Detail);
        var verification = await client.Http.GetStringAsync(new Uri($"/api/reviews/{id}/timeline/verify", UriKind.Relative));
        Assert.True(JsonNode.Parse(verification)!["verified"]!.GetValue<bool>(), verification);
        Assert.Equal("jo.referrer@council.example", await factory.Read(db => db.Reviews.AsNoTracking().Where(r => r.CorrelationId == id).Select(r => r.ReferrerEmail).SingleAsync()));
    }

    [Fact]
    public async Task The_outbox_and_the_workers_ledger_carry_nothing_of_the_child_or_family_and_the_referrers_address_only_to_the_referrer()
    {
        await using var factory = OrchestratorFactory.With(store.Settings());
        var id = await DecidedReview(new ReviewClient(factory.CreateClient()));
        await factory.Relay();
        await Durable.Until(async () => await LedgerCount(factory) > 0, "the workers to record the notifications");

        var outbox = await factory.Read(db => db.Outbox.AsNoTracking().Where(o => o.ReviewId == id).ToListAsync());
        Assert.NotEmpty(outbox);
        await using var scope = factory.Services.CreateAsyncScope();
        var ledger = await scope.ServiceProvider.GetRequiredService<WorkersDbContext>().Deliveries.AsNoTracking().Where(d => d.ReviewId == id).ToListAsync();
        Assert.NotEmpty(ledger);

        var childAndFamily = ProtectedStore.PersonalValues.Take(6).ToArray();
        foreach (var payload in outbox.Select(o => (o.MessageType, o.Body)).Concat(ledger.Select(d => (d.Kind + " to " + d.RecipientRole, d.Command))))
        {
            Assert.DoesNotContain(childAndFamily, value => payload.Item2.Contains(value, StringComparison.OrdinalIgnoreCase));
            if (payload.Item2.Contains("jo.referrer@council.example", StringComparison.Ordinal))
            {
                Assert.Contains("Referrer", payload.Item2, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>
    /// A Warrington agency referral the partners decide on (a Rapid Review), one of them giving a reason that names the
    /// mother, as free text may.
    /// </summary>
    internal static async Task<Guid> DecidedReview(ReviewClient client)
    {
        var id = (await client.Open(Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01"))).Id;
        await client.Apply(id, "TriageRecommendationMade", new { occurredOn = "2027-03-02", recommendation = "RapidReview", reason = "Criteria met." });
        await client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-02", partner = "Police", decision = "RapidReview", reason = "Pat Testparent's account does not fit the injuries." });
        await client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-03", partner = "Icb", decision = "RapidReview", reason = "Criteria met." });
        await client.Apply(id, "PartnerDecisionRecorded", new { occurredOn = "2027-03-03", partner = "LocalAuthority", decision = "RapidReview", reason = "Criteria met." });
        return id;
    }

    private static async Task<int> LedgerCount(OrchestratorFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkersDbContext>().Deliveries.CountAsync();
    }
}
