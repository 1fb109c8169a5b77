using System.Net;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Tests;

namespace Orchestration.Orchestrator.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: Debian's headless Chromium, driven by Playwright, against the orchestrator on
/// Kestrel on a loopback port with its workers in process. An operator finds a review with missed deadlines on the
/// risk board, opens it with the keyboard, reads its deadlines, statutory checklist and timeline, and retries a
/// dead-lettered notification; axe finds no serious or critical accessibility violation on either page. Screenshots
/// go to artifacts/screenshots/. Without Chromium the tests fail saying so (CI installs it).
/// </summary>
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    /// <summary>Debian's chromium package; Playwright drives it instead of downloading a browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly FailingPickupFolder pickup = new();
    private OrchestratorFactory factory = null!;
    private HttpClient api = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;
    private Uri address = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath),
            $"The browser tests need Debian's Chromium at {ChromiumPath}: apt-get install chromium (.ci/run installs it).");

        // Monday 1 March 2027: a review referred on 18 December 2026 has missed its Rapid Review deadlines.
        factory = OrchestratorFactory.With(pickup.Settings(), new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var port = LoopbackPort.Free();
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        address = new Uri($"http://127.0.0.1:{port}/");
        api = new HttpClient { BaseAddress = address };
        api.DefaultRequestHeaders.Add(OrchestratorFactory.ApiKeyHeader, OrchestratorFactory.DevelopmentKey);

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        api?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        pickup.Dispose();
    }

    [Fact]
    public async Task An_operator_finds_a_late_review_on_the_risk_board_reads_it_and_retries_a_dead_lettered_notification()
    {
        var client = new ReviewClient(api);
        var late = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2026-12-18", "2026-12-17"))).Id;
        await client.Open(Referrals.Complete("gloucestershire", "LocalAuthorityNotification", "2027-03-01", "2027-03-01"));
        await client.Eventually(late, r => r.Deliveries.Count > 0 && r.Deliveries.All(d => d.Status == DeliveryStatus.DeadLettered));

        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            ExtraHTTPHeaders = new Dictionary<string, string> { [OrchestratorFactory.ApiKeyHeader] = OrchestratorFactory.DevelopmentKey },
        });
        await using var _ = context;
        var page = await context.NewPageAsync();

        // The machines that run the tests may be busy: give the browser time rather than fail on a slow moment.
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(20_000);

        // The front page: the late review tops the risk board, marked missed.
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Statutory risk board" })).ToBeVisibleAsync();
        var firstRisk = page.Locator("#risk ~ table tbody tr").First;
        await Expect(firstRisk).ToContainTextAsync(late.ToString());
        await Expect(firstRisk).ToContainTextAsync("Missed");
        await Expect(page.Locator("#failed ~ table").First).ToContainTextAsync("dead-lettered");
        await Screenshot(page, "01-dashboard");
        await NoSeriousAccessibilityViolations(page, "the dashboard");
        await NoPersonalData(page);

        // Opened with the keyboard: focus the review's link and press Enter.
        var reviewLink = firstRisk.GetByRole(AriaRole.Link, new() { Name = late.ToString() });
        await reviewLink.FocusAsync();
        await Expect(reviewLink).ToBeFocusedAsync();
        var opened = page.WaitForURLAsync($"**/reviews/{late}");
        await page.Keyboard.PressAsync("Enter");
        await opened;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(late.ToString());

        // Its deadlines, each counted in words.
        var n5 = page.Locator("#deadlines + table tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "N5", Exact = true }) });
        await Expect(n5).ToContainTextAsync("15 working days after 18 Dec 2026, skipping 25 and 28 Dec and 1 Jan");
        await Expect(n5).ToContainTextAsync("missed");

        // Its statutory checklist: N5 missed, in words and marked.
        var n5Check = page.Locator("#checklist + table tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "N5", Exact = true }) });
        await Expect(n5Check.Locator("td.missed")).ToHaveTextAsync("missed");

        // Its timeline, verified; its state in the lifecycle.
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Hash chain verified");
        await Expect(page.Locator("#timeline ~ table tbody tr").First).ToContainTextAsync("ReferralSubmitted");
        await Expect(page.Locator("ol.lifecycle li[aria-current=step]")).ToContainTextAsync("RapidReview (current)");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open this review's trace in the trace viewer" })).ToHaveAttributeAsync("href", new Regex(late.ToString()));
        await Screenshot(page, "02-review");
        await NoSeriousAccessibilityViolations(page, "the review's page");
        await NoPersonalData(page);

        // The folder is writable again: retry the first dead-lettered notification, by name and with a reason.
        pickup.Repair();
        var retry = page.Locator("#notifications ~ table form.retry").First;
        await retry.GetByLabel("Your name").FillAsync("Jo Operator");
        await retry.GetByLabel("Reason").FillAsync("the pickup folder is writable again");
        await Screenshot(page, "03-retry-filled");
        var back = page.WaitForURLAsync($"**/reviews/{late}#timeline");
        await retry.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await back;

        var retried = page.Locator("#timeline ~ table tbody tr").Filter(new() { HasText = "DeliveryRetryRequested" });
        await Expect(retried).ToContainTextAsync("requested by Jo Operator: the pickup folder is writable again");

        // The outcome flows back: the notification shows sent, and the timeline records it after the retry.
        var review = await client.Eventually(late, r => r.Deliveries.Any(d => d.Status == DeliveryStatus.Sent));
        var sent = Assert.Single(review.Deliveries, d => d.Status == DeliveryStatus.Sent);
        Assert.Equal(1, sent.Retries);
        await page.ReloadAsync();
        await Expect(page.Locator("#timeline ~ table tbody tr").Last).ToContainTextAsync("StatutoryNotificationSent");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Hash chain verified");
        await page.Locator("#timeline").ScrollIntoViewIfNeededAsync();
        await Screenshot(page, "04-retried");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static async Task NoSeriousAccessibilityViolations(IPage page, string what)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe found serious or critical violations on {what}: "
            + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}")));
    }

    private static async Task NoPersonalData(IPage page)
    {
        var html = await page.ContentAsync();
        foreach (var personal in DashboardPage.PersonalData)
        {
            Assert.DoesNotContain(personal, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"dashboard-{name}.png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestration.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    }
}
