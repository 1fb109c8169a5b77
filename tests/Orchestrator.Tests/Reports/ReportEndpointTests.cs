using System.Net;
using System.Net.Http.Json;
using Orchestration.Orchestrator.Compliance;
using Orchestration.Orchestrator.Reports;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Reports;

/// <summary>The checklist and the reports over HTTP, on a review driven through the API.</summary>
public class ReportEndpointTests : ReviewScenario
{
    [Fact]
    public async Task A_review_shows_its_checklist_with_N2_met_on_time_and_N5_missed()
    {
        // Received Fri 18 Dec 2026, aware the 17th: N2 due Thu 24 Dec, met on the 22nd; N5 due Wed 13 Jan 2027, never
        // sent (the tests' clock stands in 2028), so missed.
        var review = await Client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        await Client.Apply(review.Id, "SeriousIncidentNotified", new { occurredOn = "2026-12-22" });
        var checklist = (await Client.Http.GetFromJsonAsync<ComplianceView>($"/api/reviews/{review.Id}/compliance", ReviewClient.Json))!;
        var n2 = Assert.Single(checklist.Items, i => i.Rule == "N2");
        Assert.Equal((new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 22), ComplianceStatus.Met), (n2.DueOn!.Value, n2.ActualOn!.Value, n2.Status));
        var n5 = Assert.Single(checklist.Items, i => i.Rule == "N5");
        Assert.Equal((new DateOnly(2027, 1, 13), ComplianceStatus.Missed), (n5.DueOn!.Value, n5.Status));
        Assert.Equal(ComplianceStatus.NotApplicable, Assert.Single(checklist.Items, i => i.Rule == "N9").Status);

        using var missing = await Client.Http.GetAsync(new Uri($"/api/reviews/{Guid.NewGuid()}/compliance", UriKind.Relative));
        await ReviewAssert.Problem(missing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_partnership_report_comes_as_JSON_CSV_HTML_and_the_annual_draft_and_a_hub_report_has_a_line_per_partnership()
    {
        var review = await Client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        await Client.Apply(review.Id, "SeriousIncidentNotified", new { occurredOn = "2026-12-28" });
        await Client.Open(Referrals.Complete("llr", "LocalAuthorityNotification", "2026-11-02", "2026-11-02"));
        const string query = "from=2026-01-01&to=2026-12-31";

        var report = (await Client.Http.GetFromJsonAsync<PartnershipReport>($"/api/reports/partnerships/warrington?{query}", ReviewClient.Json))!;
        Assert.Equal(1, report.Referrals);
        var n2 = Assert.Single(report.Timeliness, t => t.Rule == "N2");
        Assert.Equal((0, 1, 0m), (n2.Met, n2.Missed, n2.PercentMet!.Value));
        Assert.Equal(review.Id, Assert.Single(n2.LateCases).ReviewId);

        using var csv = await Client.Http.GetAsync(new Uri($"/api/reports/partnerships/warrington?{query}&format=csv", UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("referrals,warrington,received,1,", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var html = await Client.Http.GetAsync(new Uri($"/api/reports/partnerships/warrington?{query}&format=html", UriKind.Relative));
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var annual = await Client.Http.GetAsync(new Uri($"/api/reports/partnerships/warrington?{query}&format=annual", UriKind.Relative));
        Assert.StartsWith("## Child Safeguarding Practice Reviews, 1 January 2026 to 31 December 2026", await annual.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var hub = (await Client.Http.GetFromJsonAsync<PartnershipReport>($"/api/reports/hub?partnerships=warrington,llr&{query}", ReviewClient.Json))!;
        Assert.Equal(2, hub.Referrals);
        Assert.Equal(["llr", "warrington"], hub.ByPartnership.Select(p => p.Partnership));
    }

    [Theory]
    [InlineData("/api/reports/partnerships/warrington?from=2026-01-01", HttpStatusCode.BadRequest, "to")]
    [InlineData("/api/reports/partnerships/warrington?from=2026-12-31&to=2026-01-01", HttpStatusCode.BadRequest, "to")]
    [InlineData("/api/reports/partnerships/warrington?from=2026-01-01&to=2026-12-31&format=docx", HttpStatusCode.BadRequest, "format")]
    [InlineData("/api/reports/hub?from=2026-01-01&to=2026-12-31", HttpStatusCode.BadRequest, "partnerships")]
    [InlineData("/api/reports/partnerships/atlantis?from=2026-01-01&to=2026-12-31", HttpStatusCode.NotFound, null)]
    public async Task A_report_query_that_cannot_be_answered_is_a_problem(string url, HttpStatusCode status, string? field)
    {
        using var response = await Client.Http.GetAsync(new Uri(url, UriKind.Relative));
        var problem = await ReviewAssert.Problem(response, status);
        if (field is not null)
        {
            Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        }
    }

    [Fact]
    public async Task A_report_prints_to_PDF_with_headless_Chromium()
    {
        Assert.True(HtmlToPdf.Browser is not null, "Debian's chromium is needed (apt-get install chromium) or CHROMIUM_PATH naming one.");
        await Client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"));
        using var response = await Client.Http.GetAsync(new Uri("/api/reports/partnerships/warrington?from=2026-01-01&to=2026-12-31&format=pdf", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
    }
}
