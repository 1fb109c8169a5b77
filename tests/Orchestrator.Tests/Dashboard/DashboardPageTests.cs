using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Orchestration.Orchestrator.Compliance;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Dashboard;

/// <summary>
/// The dashboard's pages through the real pipeline, read as HTML: the risk board's order against the deadlines
/// the API lists, the counts, and a review's page with its deadlines counted in words, its verified timeline, its
/// lifecycle, its trace and its statutory checklist as the API view judges it; never a word of the referral's people.
/// </summary>
public sealed class DashboardPageTests : IAsyncLifetime
{
    // Wednesday 20 January 2027: a review referred on 18 December has missed its Rapid Review deadlines by now.
    private readonly OrchestratorFactory factory = OrchestratorFactory.With(new Dictionary<string, string?>
    {
        ["Dashboard:TraceUrlTemplate"] = """http://traces.example/search?tags={"review.id":"{reviewId}"}""",
    }, new DateTimeOffset(2027, 1, 20, 10, 0, 0, TimeSpan.Zero));

    private ReviewClient client = null!;
    private DashboardPage dashboard = null!;

    public Task InitializeAsync()
    {
        var http = factory.CreateClient();
        client = new ReviewClient(http);
        dashboard = new DashboardPage(http);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task The_risk_board_puts_the_review_with_missed_deadlines_first_and_ranks_the_rest_by_the_working_days_left()
    {
        var late = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"))).Id;
        var recent = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-19", "2027-01-19"))).Id;
        var newest = (await client.Open(Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-01-20", "2027-01-20"))).Id;

        var page = await dashboard.Open("/");
        var rows = DashboardPage.Rows(page, "risk");
        var expected = new List<(Guid Id, DateOnly Due)>();
        foreach (var id in new[] { late, recent, newest })
        {
            var review = await client.Get(id);
            expected.Add((id, review.Deadlines.Where(d => d.Status == "open" || (d.Status == "missed" && d.MetOn is null)).Min(d => d.DueOn)));
        }

        // Earliest outstanding due date first is the board's order: a missed one is earlier than any still open.
        expected = [.. expected.OrderBy(e => e.Due)];
        Assert.Equal(expected.Select(e => e.Id.ToString()), rows.Select(r => DashboardPage.Cells(r)[0]));
        Assert.Equal(expected.Select(e => e.Due.ToString("d MMM yyyy", CultureInfo.InvariantCulture)), rows.Select(r => DashboardPage.Cells(r)[5]));
        var first = DashboardPage.Cells(rows[0]);
        Assert.Equal(late.ToString(), first[0]);
        Assert.StartsWith("Missed: ", first[6], StringComparison.Ordinal);
        Assert.Contains("missed", rows[0].Children[6].ClassName, StringComparison.Ordinal);
        Assert.True(int.Parse(first[7], CultureInfo.InvariantCulture) >= 2, $"the late review has missed several deadlines: {first[7]}");
        Assert.All(rows.Skip(1), r => Assert.Matches(@"^(Due today|1 working day left|\d+ working days left)$", DashboardPage.Cells(r)[6]));
        var link = Assert.IsAssignableFrom<IHtmlAnchorElement>(rows[0].QuerySelector("a"));
        Assert.Equal($"/reviews/{late}", link.GetAttribute("href"));

        // Reviews by state and partnership: warrington has two in Rapid Review, gloucestershire one; three in all.
        var counts = page.GetElementById("counts")!.NextElementSibling!;
        var header = counts.QuerySelectorAll("thead th").Select(th => th.TextContent).ToList();
        var warrington = counts.QuerySelectorAll("tbody tr").Select(DashboardPage.Cells).Single(c => c[0] == "warrington");
        Assert.Equal("2", warrington[header.IndexOf("RapidReview")]);
        Assert.Equal("3", DashboardPage.Cells(counts.QuerySelector("tfoot tr")!)[^1]);
    }

    [Fact]
    public async Task A_review_page_shows_its_deadlines_counted_in_words_its_verified_timeline_its_state_in_the_lifecycle_and_its_trace()
    {
        var id = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"))).Id;
        await client.Apply(id, "SeriousIncidentNotified", new { occurredOn = "2026-12-22" });
        var review = await client.Get(id);

        var page = await dashboard.Open($"/reviews/{id}");
        Assert.Contains(id.ToString(), page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        // N5 from Friday 18 December 2026: 15 working days over Christmas and New Year, due Wednesday 13 January 2027.
        var deadlines = DashboardPage.Rows(page, "deadlines").Select(DashboardPage.Cells).ToList();
        Assert.Equal(review.Deadlines.Count, deadlines.Count);
        var n5 = Assert.Single(deadlines, c => c[0] == "N5");
        Assert.Equal(("13 Jan 2027", "15 working days after 18 Dec 2026, skipping 25 and 28 Dec and 1 Jan", "missed"), (n5[3], n5[4], n5[5]));
        var meeting = Assert.Single(deadlines, c => c[0] == "warrington:rapid-review-meeting");
        Assert.EndsWith("; the window opens on 6 Jan 2027", meeting[4], StringComparison.Ordinal);
        var n2 = Assert.Single(deadlines, c => c[0] == "N2");
        Assert.Equal("met on 22 Dec 2026", n2[5]);

        // The timeline: every entry, its chain verified.
        var timeline = DashboardPage.Rows(page, "timeline");
        Assert.Equal(review.TimelineLength, timeline.Count);
        Assert.Equal(["ReferralSubmitted", "SeriousIncidentNotified"], timeline.Select(r => DashboardPage.Cells(r)[1]));
        var banner = page.GetElementById("timeline")!.NextElementSibling!;
        Assert.StartsWith($"Hash chain verified: all {review.TimelineLength} entries", banner.TextContent, StringComparison.Ordinal);

        // The lifecycle with the review's state marked, and the link to its trace.
        var current = Assert.Single(page.QuerySelectorAll("ol.lifecycle li[aria-current]"));
        Assert.StartsWith("RapidReview (current)", current.TextContent, StringComparison.Ordinal);
        var trace = Assert.Single(page.QuerySelectorAll("a").OfType<IHtmlAnchorElement>(), a => a.TextContent.Contains("trace", StringComparison.Ordinal));
        Assert.Equal($$"""http://traces.example/search?tags={"review.id":"{{id}}"}""", trace.GetAttribute("href"));

        // Notifications: each one owed, to whom, and its state.
        var notifications = DashboardPage.Rows(page, "notifications").Select(DashboardPage.Cells).ToList();
        Assert.Equal(review.Deliveries.Count, notifications.Count);
        Assert.All(notifications, c => Assert.StartsWith(DeliveryStatus.Requested, c[5], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_review_page_shows_its_statutory_checklist_as_its_API_view_judges_it_with_the_missed_items_marked()
    {
        // Received Fri 18 Dec 2026, aware the 17th: N2 due Thu 24 Dec and met on the 22nd; N5 due Wed 13 Jan 2027
        // (15 working days over Christmas and New Year) and nothing submitted by today, 20 Jan: missed.
        var id = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"))).Id;
        await client.Apply(id, "SeriousIncidentNotified", new { occurredOn = "2026-12-22" });
        var api = (await client.Http.GetFromJsonAsync<ComplianceView>($"/api/reviews/{id}/compliance", ReviewClient.Json))!;

        var page = await dashboard.Open($"/reviews/{id}");
        var heading = page.GetElementById("checklist")!;
        Assert.Equal(("h2", "Statutory checklist"), (heading.LocalName, heading.TextContent));
        var table = heading.NextElementSibling!;
        Assert.Equal(["Rule", "Check", "Due", "Actual", "Status", "Note"], table.QuerySelectorAll("thead th").Select(th => th.TextContent));
        Assert.All(table.QuerySelectorAll("th"), th => Assert.NotNull(th.GetAttribute("scope")));
        var totals = api.Totals;
        Assert.Equal($"Each statutory check of the review as it stands on 20 Jan 2027: {totals[ComplianceStatus.Missed]} missed, {totals[ComplianceStatus.Met]} met, "
            + $"{totals[ComplianceStatus.Pending]} pending, {totals[ComplianceStatus.NotApplicable]} not applicable", table.QuerySelector("caption")!.TextContent);

        // One row per item of the API's checklist, in its order, with the same verdicts in words.
        var rows = DashboardPage.Rows(page, "checklist");
        var cells = rows.Select(DashboardPage.Cells).ToList();
        Assert.Equal(api.Items.Select(i => i.Rule), cells.Select(c => c[0]));
        Assert.Equal(api.Items.Select(i => i.Check), cells.Select(c => c[1]));
        Assert.Equal(api.Items.Select(i => i.Status switch
        {
            ComplianceStatus.Met => "met",
            ComplianceStatus.Missed => "missed",
            ComplianceStatus.Pending => "pending",
            _ => "not applicable",
        }), cells.Select(c => c[4]));

        Assert.Equal(("24 Dec 2026", "22 Dec 2026", "met", string.Empty), Only(cells, "N2"));
        Assert.Equal(("13 Jan 2027", "-", "missed", "not done by the due date"), Only(cells, "N5"));
        Assert.Equal(("-", "-", "not applicable", "no local CSPR"), Only(cells, "N9"));

        // Missed is marked by its style as well as its words; nothing else is.
        Assert.All(rows, r => Assert.Equal(DashboardPage.Cells(r)[4] == "missed", r.Children[4].ClassList.Contains("missed")));
        Assert.Contains(rows, r => DashboardPage.Cells(r)[0] == "N5" && r.Children[4].ClassList.Contains("missed"));
    }

    [Fact]
    public async Task An_unknown_review_is_a_page_that_says_so()
    {
        var page = await dashboard.Open($"/reviews/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        Assert.Equal("No such review", page.QuerySelector("h1")!.TextContent);
    }

    private static (string Due, string Actual, string Status, string Note) Only(List<IReadOnlyList<string>> cells, string rule)
    {
        var row = Assert.Single(cells, c => c[0] == rule);
        return (row[2], row[3], row[4], row[5]);
    }
}
