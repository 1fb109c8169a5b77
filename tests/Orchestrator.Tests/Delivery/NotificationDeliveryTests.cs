using System.Globalization;
using System.Text;
using MimeKit;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Tests.Smtp;

namespace Orchestration.Orchestrator.Tests.Delivery;

/// <summary>
/// The embedded default with its workers in process, sending through MailKit to a real SMTP server on loopback
/// (aiosmtpd): a Warrington review from notification to publication, each notification it owes arriving once with
/// the right recipients and documents, reported back so the review shows what was sent to whom and when; and a
/// gateway's permanent refusal, dead-lettered and visible on the review.
/// </summary>
public class NotificationDeliveryTests : IAsyncLifetime
{
    private SmtpServer server = null!;
    private IReadOnlyDictionary<string, string?> storage = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        server = await SmtpServer.Start();
        storage = await Storage();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await ReleaseStorage();
    }

    /// <summary>Where the orchestrator keeps its data, laid over the tests' defaults: nothing here (SQLite files of the factory's own).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> Storage() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    /// <summary>Releases what <see cref="Storage"/> made, once the orchestrator has stopped.</summary>
    protected virtual ValueTask ReleaseStorage() => ValueTask.CompletedTask;

    private OrchestratorFactory Orchestrator(string startsOn, Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(storage)
        {
            ["Delivery:DispatcherEnabled"] = "true",
            ["Delivery:PollInterval"] = "00:00:00.100",
            ["Email:Channel"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Recipients:Partnerships:warrington:Name"] = "Warrington Safeguarding Partnership",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return OrchestratorFactory.With(settings, DateTimeOffset.Parse(startsOn + "T09:00:00Z", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_review_from_notification_to_publication_sends_every_notification_once_and_shows_each_one_sent()
    {
        await using var factory = Orchestrator("2027-01-04");
        var client = new ReviewClient(factory.CreateClient());
        var id = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;

        async Task<ReviewView> On(string day, string eventName, object fields)
        {
            factory.Clock.SetUtcNow(DateTimeOffset.Parse(day + "T10:00:00Z", CultureInfo.InvariantCulture));
            var body = System.Text.Json.JsonSerializer.SerializeToNode(fields)!.AsObject();
            body["occurredOn"] = day;
            await client.Apply(id, eventName, body);
            return await AllSent(client, id);
        }

        await AllSent(client, id);
        await On("2027-01-05", "InformationRequestsSent", new { agencies = new[] { "Police", "Health visiting" }, dueOn = "2027-01-12" });
        await On("2027-01-11", "RapidReviewMeetingHeld", new { attendees = Referrals.FullMeeting() });
        await On("2027-01-12", "RapidReviewReportDrafted", new { });
        await On("2027-01-12", "RapidReviewReportEndorsed", new { endorsedBy = new[] { "LocalAuthority", "Police", "Icb" } });
        await On("2027-01-13", "RapidReviewOutcomeDecided", new { outcome = "LocalReview", reason = "Learning for the partnership." });
        await On("2027-02-01", "NationalPanelResponded", new { agreesWithOutcome = true, nationalReview = false });
        await On("2027-02-03", "CsprCommissioned", new { });
        await On("2027-02-10", "LeadReviewerAppointed", new { reviewerName = "Dr Morgan Ellis", conflictOfInterestDeclared = false });
        await On("2027-02-17", "TermsOfReferenceAgreed", new { });
        await On("2027-03-01", "FamilyEngagementRecorded", new { invited = true, participated = true });
        factory.Clock.SetUtcNow(new DateTimeOffset(2027, 5, 17, 10, 0, 0, TimeSpan.Zero));
        await client.AttachReport(id, "2027-05-17");
        await On("2027-05-20", "FinalReportSignedOff", new { });

        // Thu 1 Jul 2027: the copies are due 7 working days before, Tue 22 Jun; the workers send them today, 21 May.
        await On("2027-05-21", "PublicationScheduled", new { publishOn = "2027-07-01", learningOnly = false });
        var review = await On("2027-07-01", "ReportPublished", new { url = "https://warrington.example/cspr/child-d", publishedOn = "2027-07-01" });
        Assert.Equal("Published", review.State);
        ReviewAssert.Due(review, "N10", "2027-06-22", "met");

        // Every notification the review owed went once, with the Message-ID of its key, and the review shows it sent.
        var received = server.Messages().Where(m => m.Headers["X-CSPR-Review"] == id.ToString("D")).ToList();
        Assert.Equal(review.Deliveries.Count, received.Count);
        Assert.Equal(review.Deliveries.Select(d => Workers.Email.MessageComposer.MessageIdFor(d.IdempotencyKey)).Order(StringComparer.Ordinal),
            received.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.All(review.Deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Contains(review.Deliveries, d => d.Kind.ToString() == "FinalReportCopy" && d.SentOn == new DateOnly(2027, 5, 21));

        // The regulators got the report itself; the NSPCC the published report and where it is.
        var copies = received.Where(m => m.Headers["X-CSPR-Notification"] == "FinalReportCopy").ToList();
        Assert.Equal(new[] { "Mailbox.CPOD@education.gov.uk", "Mailbox.NationalReviewPanel@education.gov.uk", "SCR.SIN@ofsted.gov.uk" },
            copies.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.All(copies, m => Assert.Equal(ReviewClient.AnonymisedReport, Text(Assert.IsAssignableFrom<MimePart>(Assert.Single(m.Attachments)))));
        var nspcc = Assert.Single(received, m => m.Headers["X-CSPR-Notification"] == "PublishedReport");
        Assert.Equal("information@nspcc.org.uk", nspcc.To.Mailboxes.Single().Address);
        Assert.Contains("https://warrington.example/cspr/child-d", nspcc.TextBody, StringComparison.Ordinal);
        Assert.Equal(ReviewClient.AnonymisedReport, Text(Assert.IsAssignableFrom<MimePart>(Assert.Single(nspcc.Attachments))));
        var lead = Assert.Single(received, m => m.Headers["X-CSPR-Notification"] == "CsprCommissioned" && m.To.Mailboxes.Single().Address == "SCR.SIN@ofsted.gov.uk");
        Assert.Contains("Lead reviewer: Dr Morgan Ellis", lead.TextBody, StringComparison.Ordinal);
        var referrer = Assert.Single(received, m => m.Headers["X-CSPR-Notification"] == "ReviewOutcome" && m.To.Mailboxes.Any(a => a.Address == "jo.referrer@council.example"));
        Assert.Contains("LocalReview", referrer.TextBody, StringComparison.Ordinal);

        // No message carries the names of the child or family recorded at referral, in any header or part.
        foreach (var message in received)
        {
            using var raw = new MemoryStream();
            await message.WriteToAsync(raw);
            var text = Encoding.UTF8.GetString(raw.ToArray());
            Assert.DoesNotContain("Testchild", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Testparent", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_permanent_refusal_is_dead_lettered_and_shown_on_the_review_while_the_rest_are_sent()
    {
        await using var factory = Orchestrator("2027-03-01", new() { ["Recipients:Default:Ofsted"] = "reject-notifications@ofsted.example" });
        var client = new ReviewClient(factory.CreateClient());
        var referral = Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-03-01", "2027-03-01");
        referral["childDied"] = true;
        referral["lookedAfterChild"] = true;
        var id = (await client.Open(referral)).Id;

        var review = await client.Eventually(id, r => r.Deliveries.Where(d => d.Kind.ToString() == "LookedAfterChildDeath").All(d => d.Status != DeliveryStatus.Requested));
        var ofsted = Assert.Single(review.Deliveries, d => d.Kind.ToString() == "LookedAfterChildDeath" && d.Recipient.ToString() == "Ofsted");
        Assert.Equal(DeliveryStatus.DeadLettered, ofsted.Status);
        Assert.Contains("550", ofsted.FailureReason, StringComparison.Ordinal);
        var dfe = Assert.Single(review.Deliveries, d => d.Kind.ToString() == "LookedAfterChildDeath" && d.Recipient.ToString() == "SecretaryOfState");
        Assert.Equal((DeliveryStatus.Sent, new DateOnly(2027, 3, 1)), (dfe.Status, dfe.SentOn));
        Assert.Contains(await client.Timeline(id), e => e.Event == "StatutoryNotificationFailed" && e.Outcome == TimelineEntry.Applied);
        Assert.DoesNotContain(server.Messages(), m => m.Headers["X-CSPR-Review"] == id.ToString("D") && m.To.Mailboxes.Any(a => a.Address.Contains("ofsted", StringComparison.Ordinal)));
    }

    /// <summary>Waits until the workers have reported every delivery the review owes sent.</summary>
    private static async Task<ReviewView> AllSent(ReviewClient client, Guid id)
    {
        var review = await client.Eventually(id, r => r.Deliveries.All(d => d.Status == DeliveryStatus.Sent));
        Assert.All(review.Deliveries, d => Assert.True(d.Status == DeliveryStatus.Sent, $"{d.Kind} to {d.Recipient} is {d.Status} ({d.FailureReason})"));
        return review;
    }

    private static string Text(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
