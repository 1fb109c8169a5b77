using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Infrastructure;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Durability;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Ledger;
using Orchestration.Workers.Tests.Postgres;

namespace Orchestration.Orchestrator.Tests.Postgres;

/// <summary>
/// <c>Database:Provider=PostgreSQL</c>: both databases (the reviews and the in-process workers' ledger) on
/// PostgreSQL with PostgreSQL's own migrations, nothing left on SQLite, and what PostgreSQL stores differently
/// from SQLite (instants to the microsecond) kept faithful.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class PostgreSqlProviderTests(PostgresServer server) : IAsyncLifetime
{
    private PostgresStore store = null!;

    public async Task InitializeAsync() => store = await PostgresStore.Create(server);

    public async Task DisposeAsync() => await store.DisposeAsync();

    [Fact]
    public async Task Both_databases_run_on_PostgreSQL_with_its_own_migrations_and_nothing_pending()
    {
        await using var factory = OrchestratorFactory.With(store.Settings());
        var client = new ReviewClient(factory.CreateClient());
        var review = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        Assert.Equal("RapidReview", review.State);

        await using var scope = factory.Services.CreateAsyncScope();
        var reviews = scope.ServiceProvider.GetRequiredService<ReviewsDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<WorkersDbContext>();
        Assert.IsType<PostgreSqlReviewsDbContext>(reviews);
        Assert.IsType<PostgreSqlWorkersDbContext>(ledger);
        Assert.True(reviews.Database.IsNpgsql() && ledger.Database.IsNpgsql());
        foreach (DbContext database in new DbContext[] { reviews, ledger })
        {
            var known = database.Database.GetMigrations().ToList();
            Assert.NotEmpty(known);
            Assert.All(known, id => Assert.Contains(id, database.Database.GetAppliedMigrations()));
            Assert.Empty(await database.Database.GetPendingMigrationsAsync());
            Assert.False(database.Database.HasPendingModelChanges(), $"{database.GetType().Name}: the model differs from PostgreSQL's migrations");
        }

        // PostgreSQL's history is its own: none of SQLite's migrations is in it.
        await using var sqlite = new ReviewsDbContext(new DbContextOptionsBuilder<ReviewsDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.Empty(sqlite.Database.GetMigrations().Intersect(reviews.Database.GetMigrations()));

        // The review is in PostgreSQL, with its deadlines and timeline, and the SQLite defaults were never created.
        await using var direct = store.Context();
        Assert.Equal(1, await direct.Reviews.CountAsync());
        Assert.NotEmpty(await direct.Deadlines.Where(d => d.ReviewId == review.Id).ToListAsync());
        Assert.NotEmpty(await direct.Timeline.Where(t => t.ReviewId == review.Id).ToListAsync());
        await client.Eventually(review.Id, r => r.Deliveries.Count > 0);
        await using var directLedger = store.Ledger();
        await Durable.Until(async () => await directLedger.Deliveries.AnyAsync(d => d.ReviewId == review.Id), "the in-process workers to record the review's notifications in PostgreSQL");
    }

    [Fact]
    public async Task A_timeline_recorded_by_a_clock_finer_than_a_microsecond_still_verifies()
    {
        // The system clock has 100 ns ticks; PostgreSQL keeps microseconds. An entry hashed with ticks PostgreSQL
        // drops would no longer match its hash once read back.
        await using var factory = OrchestratorFactory.With(store.Settings(), OrchestratorFactory.DefaultNow.AddTicks(1_234_567));
        var client = new ReviewClient(factory.CreateClient());
        var id = (await client.Open(Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01"))).Id;
        factory.Clock.Advance(TimeSpan.FromTicks(7_654_321));
        await client.Apply(id, "TriageRecommendationMade", new { occurredOn = "2027-03-02", recommendation = "RapidReview", reason = "Criteria met." });

        using var response = await client.Http.GetAsync($"/api/reviews/{id}/timeline/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verification = (await response.Content.ReadFromJsonAsync<TimelineVerification>(ReviewClient.Json))!;
        Assert.True(verification.Verified, $"entry {verification.FirstBrokenSequence}: {verification.Problem}");
        Assert.Equal(2, verification.Entries);
    }

    [Fact]
    public async Task Text_PostgreSQL_cannot_store_is_refused_as_invalid_input_rather_than_failing_the_transition()
    {
        await using var factory = OrchestratorFactory.With(store.Settings());
        var client = new ReviewClient(factory.CreateClient());
        var id = (await client.Open(Referrals.Complete("warrington", "AgencyReferral", "2027-03-01", "2027-03-01"))).Id;

        // U+0000 (PostgreSQL text cannot hold it), in a reason and in an agency's name.
        using (var closed = await client.Post(id, "ReviewClosed", new { occurredOn = "2027-03-02", reason = "duplicate\u0000referral" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, closed.StatusCode);
            Assert.Contains("contains a control character", await closed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var requests = await client.Post(id, "InformationRequestsSent", new { occurredOn = "2027-03-02", agencies = new[] { "Police", "Health\u0000visiting" }, dueOn = "2027-03-09" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, requests.StatusCode);
            Assert.Contains("agencies[1]", await requests.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // An action id longer than the deadline subjects it becomes part of (bounded columns, which PostgreSQL enforces).
        var plan = new { occurredOn = "2027-03-02", actions = new[] { new { actionId = new string('A', 150), description = "Audit", ownerAgency = "Police", dueOn = "2027-06-01" } } };
        using (var agreed = await client.Post(id, "ActionPlanAgreed", plan))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, agreed.StatusCode);
            Assert.Contains("is longer than 100 characters", await agreed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A lead reviewer's name becomes part of the N9 notification's key, which the workers' ledger bounds.
        using (var appointed = await client.Post(id, "LeadReviewerAppointed", new { occurredOn = "2027-03-02", reviewerName = new string('R', 150), conflictOfInterestDeclared = false }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, appointed.StatusCode);
            var body = await appointed.Content.ReadAsStringAsync();
            Assert.Contains("reviewerName", body, StringComparison.Ordinal);
            Assert.Contains("is longer than 100 characters", body, StringComparison.Ordinal);
        }

        var review = await client.Get(id);
        Assert.Equal((1, null), (review.TimelineLength, review.KeyDates.Closed));
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_and_an_unknown_provider_stop_the_service_at_start()
    {
        using (var factory = OrchestratorFactory.With(new Dictionary<string, string?>
               {
                   [DatabaseRegistration.ProviderKey] = "PostgreSQL",
                   ["ConnectionStrings:Reviews"] = null,
               }))
        {
            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            Assert.Contains("ConnectionStrings:Reviews is not set", Unwrap(error).Message, StringComparison.Ordinal);
        }

        using (var factory = OrchestratorFactory.With(new Dictionary<string, string?> { [DatabaseRegistration.ProviderKey] = "Oracle" }))
        {
            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            Assert.Contains("Database:Provider 'Oracle' is not a database provider", Unwrap(error).Message, StringComparison.Ordinal);
        }
    }

    private static Exception Unwrap(Exception error)
    {
        while (error is not InvalidOperationException && error.InnerException is { } inner)
        {
            error = inner;
        }

        return error;
    }
}
