using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Orchestration.Contracts;
using Orchestration.Infrastructure;
using Orchestration.Workers.Email;
using Orchestration.Workers.Ledger;
using Orchestration.Workers.Tests.Smtp;

namespace Orchestration.Workers.Tests;

/// <summary>
/// Delivery through MailKit to a real SMTP server process on loopback (aiosmtpd): what arrives, with which
/// recipients, subject, body and attachments; a gateway that is down and comes back; permanent refusals. A
/// subclass may keep the ledger elsewhere (<see cref="StartWorkers"/>: the same tests on PostgreSQL).
/// </summary>
public class SmtpDeliveryTests : IAsyncLifetime
{
    private SmtpServer server = null!;
    private WorkersHarness workers = null!;

    public async Task InitializeAsync()
    {
        server = await SmtpServer.Start();
        workers = await StartWorkers(SmtpSettings(server.Port));
    }

    public async Task DisposeAsync()
    {
        await workers.DisposeAsync();
        await server.DisposeAsync();
        await ReleaseStorage();
    }

    /// <summary>Starts workers with <paramref name="settings"/>, their ledger in a SQLite file of their own here.</summary>
    protected virtual Task<WorkersHarness> StartWorkers(IReadOnlyDictionary<string, string?> settings) => WorkersHarness.Start(settings);

    /// <summary>Releases what <see cref="StartWorkers"/> made beyond the harness, once the workers have stopped.</summary>
    protected virtual ValueTask ReleaseStorage() => ValueTask.CompletedTask;

    /// <summary>The workers pointed at the test server, without TLS (it offers none), retrying after 30 seconds.</summary>
    public static Dictionary<string, string?> SmtpSettings(int port, bool tls = false) => new()
    {
        ["Email:Channel"] = "Smtp",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = tls ? "StartTls" : "None",
        ["Email:Smtp:Timeout"] = "00:00:05",
    };

    [Theory]
    [MemberData(nameof(Notifications.EveryKind), MemberType = typeof(Notifications))]
    public async Task Every_kind_of_notification_arrives_with_its_recipients_subject_and_body(string kind, string role, string? rule, string[] facts, string expectedInBody)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var command = Notifications.Command(kind, role, Notifications.Facts(facts), rule: rule);
        await workers.Send(command);

        Assert.Equal(1, await workers.Round());

        var message = Assert.Single(server.Messages(), m => m.Headers["X-CSPR-Review"] == command.ReviewId.ToString("D"));
        Assert.Equal(ExpectedRecipients(role, facts), message.To.Mailboxes.Select(m => m.Address).Order(StringComparer.Ordinal));
        Assert.Equal("cspr@warrington.example", message.From.Mailboxes.Single().Address);
        Assert.StartsWith("[Warrington Safeguarding Partnership] ", message.Subject, StringComparison.Ordinal);
        Assert.Contains(command.ReviewId.ToString("N")[..8].ToUpperInvariant(), message.Subject, StringComparison.Ordinal);
        Assert.Contains(expectedInBody, message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(kind, message.Headers["X-CSPR-Notification"]);
        Assert.Equal(rule, message.Headers["X-CSPR-Rule"]);
        Assert.Equal(MessageComposer.MessageIdFor(command.IdempotencyKey), message.MessageId);

        var sent = Assert.IsType<StatutoryNotificationSent>(Assert.Single(workers.Reported()));
        Assert.Equal((command.ReviewId, command.IdempotencyKey, kind, role, new DateOnly(2027, 1, 14)),
            (sent.ReviewId, sent.IdempotencyKey, sent.NotificationKind, sent.RecipientRole, sent.OccurredOn));
        Assert.Equal(DeliveryState.Sent, Assert.Single(await workers.Ledger()).State);
    }

    private static string[] ExpectedRecipients(string role, string[] facts) => role switch
    {
        "Ofsted" => ["SCR.SIN@ofsted.gov.uk"],
        "NationalPanel" => ["Mailbox.NationalReviewPanel@education.gov.uk"],
        "SecretaryOfState" => ["Mailbox.CPOD@education.gov.uk"],
        "SafeguardingPartners" => ["icb@warrington.example", "la@warrington.example", "police@warrington.example"],
        "Agencies" when facts.Contains("Cheshire Police") => ["cpr-disclosures@police.example"],
        "Agencies" => ["agencies@warrington.example"],
        "BusinessUnit" => ["business-unit@warrington.example"],
        "ChiefOfficer" => ["chief-officer@warrington.example"],
        "CommunicationsTeam" => ["comms@warrington.example"],
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "no expectation written for this role"),
    };

    [Fact]
    public async Task The_final_report_copy_carries_the_report_and_the_NSPCC_submission_the_published_report()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% the final report, anonymised\n%%EOF\n");
        var document = await Store(pdf, "cspr-final-report.pdf", "application/pdf");
        var review = Guid.NewGuid();
        await workers.Send(Notifications.Command("FinalReportCopy", "NationalPanel",
            Notifications.Facts(["publishOn", "2027-02-01", "learningOnly", "false"]), review, "N10", [document]));
        await workers.Send(new SubmitToNspccRepository(review, new Uri("https://warrington.example/cspr/child-d"), new DateOnly(2027, 2, 1),
            $"{review:N}:PublishedReport:NspccRepository:published", "warrington", document));

        Assert.Equal(2, await workers.Round());

        var messages = server.Messages();
        var copy = Assert.Single(messages, m => m.Headers["X-CSPR-Notification"] == "FinalReportCopy");
        var attachment = Assert.IsType<MimePart>(Assert.Single(copy.Attachments));
        Assert.Equal("cspr-final-report.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        Assert.Equal(pdf, Content(attachment));
        Assert.Contains("Attached: cspr-final-report.pdf", copy.TextBody, StringComparison.Ordinal);

        var nspcc = Assert.Single(messages, m => m.Headers["X-CSPR-Notification"] == "PublishedReport");
        Assert.Equal("information@nspcc.org.uk", nspcc.To.Mailboxes.Single().Address);
        Assert.Contains("https://warrington.example/cspr/child-d", nspcc.TextBody, StringComparison.Ordinal);
        Assert.Contains("1 February 2027", nspcc.TextBody, StringComparison.Ordinal);
        Assert.Equal(pdf, Content(Assert.IsType<MimePart>(Assert.Single(nspcc.Attachments))));
        Assert.Equal("N13", nspcc.Headers["X-CSPR-Rule"]);
    }

    [Fact]
    public async Task A_gateway_that_is_down_and_comes_back_gets_every_message_exactly_once()
    {
        await server.Stop();
        var commands = Enumerable.Range(1, 6)
            .Select(i => Notifications.Command("DeadlineReminder", "BusinessUnit", Notifications.Facts(["deadline", $"Deadline {i}", "dueOn", "2027-01-27"]), rule: "N5"))
            .ToList();
        foreach (var command in commands)
        {
            await workers.Send(command);
        }

        // Down: every attempt fails, nothing is sent, each review hears once that its notification is retrying.
        Assert.Equal(6, await workers.Round());
        var ledger = await workers.Ledger();
        Assert.All(ledger, d => Assert.Equal((DeliveryState.Failed, 1), (d.State, d.Attempts)));
        Assert.All(ledger, d => Assert.Equal(workers.Clock.GetUtcNow().AddSeconds(30), d.NextAttemptAt));
        Assert.All(workers.Reported(), e => Assert.False(Assert.IsType<StatutoryNotificationFailed>(e).Permanent));
        Assert.Equal(6, workers.Reported().Count);

        // Still down at the next attempt: the backoff doubles and the reviews are not told again.
        workers.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(6, await workers.Round());
        Assert.All(await workers.Ledger(), d => Assert.Equal((DeliveryState.Failed, 2), (d.State, d.Attempts)));
        Assert.All(await workers.Ledger(), d => Assert.Equal(workers.Clock.GetUtcNow().AddSeconds(60), d.NextAttemptAt));
        Assert.Equal(6, workers.Reported().Count);

        // Back, but the backoff has not passed: nothing is attempted early.
        await server.Start();
        workers.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await workers.Round());

        workers.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(6, await workers.Round());
        Assert.All(await workers.Ledger(), d => Assert.Equal((DeliveryState.Sent, 3), (d.State, d.Attempts)));

        // Commands delivered again (a redelivery, the relay's recovery) and more rounds change nothing.
        foreach (var command in commands)
        {
            await workers.Send(command);
        }

        workers.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await workers.Round());

        var received = server.Messages();
        Assert.Equal(6, received.Count);
        Assert.Equal(commands.Select(c => MessageComposer.MessageIdFor(c.IdempotencyKey)).Order(StringComparer.Ordinal),
            received.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.Equal(6, workers.Reported().OfType<StatutoryNotificationSent>().Count());
        Assert.Equal(6, (await workers.Ledger()).Count);
    }

    [Fact]
    public async Task A_permanent_refusal_dead_letters_the_delivery_at_once_and_the_review_is_told()
    {
        var command = Notifications.Command("ReviewOutcome", "Referrer", Notifications.Facts(["outcome", "NoFurtherAction", "decidedOn", "2027-01-12"]),
            address: "rejected.referrer@agency.example");
        await workers.Send(command);

        Assert.Equal(1, await workers.Round());

        var delivery = Assert.Single(await workers.Ledger());
        Assert.Equal((DeliveryState.DeadLettered, 1), (delivery.State, delivery.Attempts));
        Assert.Contains("550", delivery.LastError, StringComparison.Ordinal);
        var failed = Assert.IsType<StatutoryNotificationFailed>(Assert.Single(workers.Reported()));
        Assert.True(failed.Permanent);
        Assert.Equal(command.IdempotencyKey, failed.IdempotencyKey);
        Assert.Contains("550", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(server.Messages());

        workers.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await workers.Round());
    }

    [Fact]
    public async Task A_refusal_for_now_is_retried_and_dead_lettered_when_the_attempts_run_out()
    {
        await using var patient = await StartWorkers(new Dictionary<string, string?>(SmtpSettings(server.Port))
        {
            ["Delivery:MaxAttempts"] = "3",
        });
        await patient.Send(Notifications.Command("ReviewOutcome", "Referrer", Notifications.Facts(["outcome", "RapidReview", "decidedOn", "2027-01-12"]),
            address: "busy.referrer@agency.example"));

        Assert.Equal(1, await patient.Round());
        Assert.Equal(DeliveryState.Failed, Assert.Single(await patient.Ledger()).State);
        patient.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await patient.Round());
        patient.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await patient.Round());

        var delivery = Assert.Single(await patient.Ledger());
        Assert.Equal((DeliveryState.DeadLettered, 3), (delivery.State, delivery.Attempts));
        Assert.Contains("451", delivery.LastError, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 attempts", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal([false, true], patient.Reported().Cast<StatutoryNotificationFailed>().Select(f => f.Permanent));
    }

    [Fact]
    public async Task TLS_is_required_by_default_and_a_gateway_without_it_is_refused()
    {
        await using var strict = await StartWorkers(new Dictionary<string, string?>(SmtpSettings(server.Port))
        {
            ["Email:Smtp:Security"] = null,
        });
        await strict.Send(Notifications.Command("DeadlineBreach", "BusinessUnit", Notifications.Facts(["deadline", "N5", "dueOn", "2027-01-13"])));

        Assert.Equal(1, await strict.Round());

        var delivery = Assert.Single(await strict.Ledger());
        Assert.Equal(DeliveryState.DeadLettered, delivery.State);
        Assert.Contains("does not offer the required StartTls", delivery.LastError, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Over_STARTTLS_a_pinned_gateway_certificate_is_trusted_and_an_unknown_one_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("smtp-tls-").FullName;
        try
        {
            var certificate = Path.Combine(folder, "gateway");
            WriteSelfSigned(certificate);
            await using var tls = await SmtpServer.Start(certificate);

            await using var pinned = await StartWorkers(new Dictionary<string, string?>(SmtpSettings(tls.Port, tls: true))
            {
                ["Email:Smtp:PinnedCertificate"] = certificate + ".crt",
            });
            var command = Notifications.Command("DeadlineReminder", "BusinessUnit", Notifications.Facts(["deadline", "N5", "dueOn", "2027-01-27"]));
            await pinned.Send(command);
            Assert.Equal(1, await pinned.Round());
            Assert.Equal(DeliveryState.Sent, Assert.Single(await pinned.Ledger()).State);
            Assert.Equal(MessageComposer.MessageIdFor(command.IdempotencyKey), Assert.Single(tls.Messages()).MessageId);

            // The machine's trust store does not know the gateway's certificate: nothing is sent in the clear or to an impostor.
            await using var unpinned = await StartWorkers(SmtpSettings(tls.Port, tls: true));
            await unpinned.Send(Notifications.Command("DeadlineReminder", "BusinessUnit", Notifications.Facts(["deadline", "N5", "dueOn", "2027-01-27"])));
            Assert.Equal(1, await unpinned.Round());
            var refused = Assert.Single(await unpinned.Ledger());
            Assert.Equal(DeliveryState.DeadLettered, refused.State);
            Assert.Contains("TLS handshake", refused.LastError, StringComparison.Ordinal);
            Assert.Single(tls.Messages());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteSelfSigned(string path)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(path + ".crt", certificate.ExportCertificatePem());
        File.WriteAllText(path + ".key", key.ExportPkcs8PrivateKeyPem());
    }

    [Fact]
    public async Task A_crash_mid_send_is_taken_up_again_after_the_claim_lapses_with_the_same_message_id()
    {
        var command = Notifications.Command("DeadlineReminder", "BusinessUnit", Notifications.Facts(["deadline", "N9", "dueOn", "2027-01-27"]));
        await workers.Send(command);

        // The process claimed the delivery and died before it could record anything (the claim is all that was committed).
        await workers.OnLedger(database => database.Deliveries.ExecuteUpdateAsync(set => set
            .SetProperty(d => d.State, DeliveryState.Sending)
            .SetProperty(d => d.Attempts, 1)
            .SetProperty(d => d.ClaimedUntil, workers.Clock.GetUtcNow().AddMinutes(2))));
        Assert.Equal(0, await workers.Round());

        workers.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await workers.Round());

        var delivery = Assert.Single(await workers.Ledger());
        Assert.Equal((DeliveryState.Sent, 2), (delivery.State, delivery.Attempts));
        Assert.Equal(MessageComposer.MessageIdFor(command.IdempotencyKey), Assert.Single(server.Messages()).MessageId);
    }

    private async Task<DocumentReference> Store(byte[] bytes, string name, string mediaType)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var file = ContentStore.PathOf(workers.DocumentFolder, hash);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, bytes);
        return new DocumentReference(hash, name, mediaType, bytes.Length);
    }

    private static byte[] Content(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return stream.ToArray();
    }
}
