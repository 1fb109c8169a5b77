using MassTransit;
using MassTransit.Testing;
using MimeKit;
using Orchestration.Contracts;
using Orchestration.Workers.Email;
using Orchestration.Workers.Ledger;

namespace Orchestration.Workers.Tests;

/// <summary>
/// The ledger on the embedded default's channel (the pickup folder): idempotency, bad commands, templates,
/// lifecycle. A subclass may keep the ledger elsewhere (<see cref="StartWorkers"/>: the same tests on PostgreSQL).
/// </summary>
public class LedgerTests : IAsyncLifetime
{
    private WorkersHarness workers = null!;

    public async Task InitializeAsync() => workers = await StartWorkers();

    public async Task DisposeAsync()
    {
        await workers.DisposeAsync();
        await ReleaseStorage();
    }

    /// <summary>Starts workers with <paramref name="settings"/>, their ledger in a SQLite file of their own here.</summary>
    protected virtual Task<WorkersHarness> StartWorkers(IReadOnlyDictionary<string, string?>? settings = null) => WorkersHarness.Start(settings);

    /// <summary>Releases what <see cref="StartWorkers"/> made beyond the harness, once the workers have stopped.</summary>
    protected virtual ValueTask ReleaseStorage() => ValueTask.CompletedTask;

    [Fact]
    public async Task The_embedded_default_writes_one_RFC_5322_file_per_notification_however_often_it_is_asked()
    {
        var command = Notifications.Command("DeadlineReminder", "BusinessUnit", Notifications.Facts(["deadline", "N5", "dueOn", "2027-01-27"]), rule: "N5");
        await workers.Send(command);
        await workers.Send(command);
        await workers.Send(command with { DueOn = new DateOnly(2027, 1, 21) });

        Assert.Equal(1, await workers.Round());
        Assert.Equal(0, await workers.Round());

        var file = Assert.Single(Directory.GetFiles(workers.PickupFolder));
        Assert.Equal(PickupFolderChannel.FileNameFor(MessageComposer.MessageIdFor(command.IdempotencyKey)), Path.GetFileName(file));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("business-unit@warrington.example", message.To.Mailboxes.Single().Address);
        Assert.Contains("Due: 27 January 2027", message.TextBody, StringComparison.Ordinal);
        Assert.Single(await workers.Ledger());
    }

    [Fact]
    public async Task Erasing_a_reviews_personal_data_blanks_the_facts_and_address_of_its_sent_deliveries_and_leaves_one_still_to_send()
    {
        var review = Guid.NewGuid();
        var outcome = Notifications.Command("ReviewOutcome", "Referrer", Notifications.Facts(["outcome", "RapidReview", "decidedOn", "2027-01-12"]),
            reviewId: review, address: "jo.referrer@council.example");
        await workers.Send(outcome);
        Assert.Equal(1, await workers.Round());
        var later = Notifications.Command("PublicationDelay", "NationalPanel", Notifications.Facts(["reason", "The family asked for time.", "expectedPublicationOn", "2027-09-01"]),
            reviewId: review, rule: "N8");
        await workers.Send(later);

        await workers.Send(new EraseDeliveryPersonalData(review));
        await workers.Send(new EraseDeliveryPersonalData(review));

        var rows = await workers.Ledger();
        var sent = Assert.Single(rows, d => d.Kind == "ReviewOutcome");
        Assert.Equal((DeliveryState.Sent, "Referrer"), (sent.State, sent.RecipientRole));
        Assert.DoesNotContain("jo.referrer@council.example", sent.Command, StringComparison.Ordinal);
        Assert.DoesNotContain("2027-01-12", sent.Command, StringComparison.Ordinal);
        Assert.Contains(DeliveryRequestConsumer.ErasedMarker, sent.Command, StringComparison.Ordinal);
        var pending = Assert.Single(rows, d => d.Kind == "PublicationDelay");
        Assert.Equal(DeliveryState.Pending, pending.State);
        Assert.Contains("The family asked for time.", pending.Command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_already_in_the_pickup_folder_is_not_written_again_after_a_crash_before_the_ledger_knew()
    {
        var command = Notifications.Command("DeadlineBreach", "BusinessUnit", Notifications.Facts(["deadline", "N2", "dueOn", "2027-01-13"]));
        await workers.Send(command);
        Assert.Equal(1, await workers.Round());
        var file = Assert.Single(Directory.GetFiles(workers.PickupFolder));
        var written = await File.ReadAllBytesAsync(file);

        // The process wrote the file and died before recording it: the claim lapses and the attempt is made again.
        await workers.OnLedger(async database =>
        {
            var delivery = database.Deliveries.Single();
            delivery.State = DeliveryState.Sending;
            delivery.ClaimedUntil = workers.Clock.GetUtcNow();
            delivery.Version++;
            await database.SaveChangesAsync();
        });
        workers.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await workers.Round());

        Assert.Equal(written, await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(workers.PickupFolder))));
        Assert.Equal(DeliveryState.Sent, Assert.Single(await workers.Ledger()).State);
    }

    [Fact]
    public async Task A_malformed_command_faults_to_the_error_queue_and_changes_nothing()
    {
        var bad = Notifications.Command("Final Report; DROP TABLE", "NationalPanel") with { IdempotencyKey = "" };
        await workers.Send(bad);

        Assert.True(await workers.Bus.Published.Any<Fault<SendStatutoryNotification>>());
        var fault = workers.Bus.Published.Select<Fault<SendStatutoryNotification>>().Single().Context.Message;
        Assert.Contains("idempotencyKey", fault.Exceptions.Single().Message, StringComparison.Ordinal);
        Assert.Contains("notificationKind", fault.Exceptions.Single().Message, StringComparison.Ordinal);
        Assert.Empty(await workers.Ledger());
    }

    [Fact]
    public async Task A_notification_with_no_configured_recipient_or_a_template_that_needs_a_missing_fact_is_dead_lettered_at_once()
    {
        await workers.Send(Notifications.Command("DeadlineReminder", "ElectedMembers", Notifications.Facts(["deadline", "N5", "dueOn", "2027-01-27"])));
        await workers.Send(Notifications.Command("CsprCommissioned", "NationalPanel", Notifications.Facts(["commissionedOn", "2027-01-12"])));

        Assert.Equal(2, await workers.Round());

        var ledger = await workers.Ledger();
        Assert.All(ledger, d => Assert.Equal((DeliveryState.DeadLettered, 1), (d.State, d.Attempts)));
        Assert.Contains("no address is configured for ElectedMembers of warrington", ledger[0].LastError, StringComparison.Ordinal);
        Assert.Contains("needs 'leadReviewer'", ledger[1].LastError, StringComparison.Ordinal);
        Assert.All(workers.Reported(), e => Assert.True(Assert.IsType<StatutoryNotificationFailed>(e).Permanent));
        Assert.False(Directory.Exists(workers.PickupFolder) && Directory.EnumerateFiles(workers.PickupFolder).Any());
    }

    [Fact]
    public async Task A_retry_requeues_a_dead_lettered_delivery_once_per_retry_number_and_its_new_outcome_is_reported_afresh()
    {
        var command = Notifications.Command("DeadlineReminder", "ElectedMembers", Notifications.Facts(["deadline", "N5", "dueOn", "2027-01-27"]));
        await workers.Send(command);
        Assert.Equal(1, await workers.Round());
        Assert.Equal(DeliveryState.DeadLettered, Assert.Single(await workers.Ledger()).State);

        var retry = new RetryStatutoryNotification(command.ReviewId, command.IdempotencyKey, 1, "Jo Operator");
        await workers.Send(retry);
        var requeued = Assert.Single(await workers.Ledger());
        Assert.Equal((DeliveryState.Pending, 0, 1), (requeued.State, requeued.Attempts, requeued.Generation));

        // Still no address: the retry fails again, and the review hears of it under a new event id.
        Assert.Equal(1, await workers.Round());
        Assert.Equal((DeliveryState.DeadLettered, 1), (Assert.Single(await workers.Ledger()).State, Assert.Single(await workers.Ledger()).Attempts));
        var reports = workers.Reported().Cast<StatutoryNotificationFailed>().ToList();
        Assert.Equal(2, reports.Count);
        Assert.NotEqual(reports[0].EventId, reports[1].EventId);

        // The same retry again (a redelivery, the relay's recovery) changes nothing; only the next number requeues it.
        await workers.Send(retry);
        Assert.Equal(DeliveryState.DeadLettered, Assert.Single(await workers.Ledger()).State);
        Assert.Equal(0, await workers.Round());
        await workers.Send(retry with { Retry = 2 });
        Assert.Equal((DeliveryState.Pending, 2), (Assert.Single(await workers.Ledger()).State, Assert.Single(await workers.Ledger()).Generation));
    }

    [Fact]
    public async Task A_retry_leaves_a_sent_delivery_alone()
    {
        var command = Notifications.Command("DeadlineBreach", "BusinessUnit", Notifications.Facts(["deadline", "N2", "dueOn", "2027-01-13"]));
        await workers.Send(command);
        Assert.Equal(1, await workers.Round());

        await workers.Send(new RetryStatutoryNotification(command.ReviewId, command.IdempotencyKey, 1, "Jo Operator"));

        var sent = Assert.Single(await workers.Ledger());
        Assert.Equal((DeliveryState.Sent, 0), (sent.State, sent.Generation));
        Assert.Equal(0, await workers.Round());
        Assert.Single(Directory.GetFiles(workers.PickupFolder));
    }

    [Fact]
    public async Task A_partnership_overrides_a_template_and_others_keep_the_built_in_one()
    {
        var folder = Directory.CreateTempSubdirectory("templates-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "darlington"));
            await File.WriteAllTextAsync(Path.Combine(folder, "darlington", "DeadlineReminder.txt"),
                "Subject: Darlington reminder: {{deadline}} by {{dueOn:date}}\n\nDear colleague,\nPlease note {{deadline}} ({{rule}}).\n");
            await using var local = await StartWorkers(new Dictionary<string, string?>
            {
                ["Templates:Directory"] = folder,
                ["Recipients:Partnerships:darlington:Roles:BusinessUnit"] = "dscp@darlington.example",
            });
            var facts = Notifications.Facts(["deadline", "Rapid Review report", "dueOn", "2027-01-27"]);
            await local.Send(Notifications.Command("DeadlineReminder", "BusinessUnit", facts, rule: "N5", partnership: "darlington"));
            await local.Send(Notifications.Command("DeadlineReminder", "BusinessUnit", facts, rule: "N5"));

            Assert.Equal(2, await local.Round());

            var messages = Directory.GetFiles(local.PickupFolder).Select(f => MimeMessage.Load(f)).ToList();
            var darlington = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "dscp@darlington.example");
            Assert.Equal("Darlington reminder: Rapid Review report by 27 January 2027", darlington.Subject);
            Assert.Equal("Dear colleague,\nPlease note Rapid Review report (N5).\n", darlington.TextBody!.ReplaceLineEndings("\n"));
            var warrington = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "business-unit@warrington.example");
            Assert.StartsWith("[Warrington Safeguarding Partnership] Reminder: Rapid Review report due 27 January 2027", warrington.Subject, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_notification_kind_the_orchestrator_owes_has_a_built_in_template_that_renders_with_its_facts()
    {
        var kinds = Enum.GetNames<Domain.Profiles.NotificationKind>().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(kinds, TemplateLibrary.BuiltIn());
        var covered = Notifications.EveryKind().Select(row => (string)row[0]).Append("PublishedReport").Order(StringComparer.Ordinal);
        Assert.Equal(kinds, covered);
    }

    [Theory]
    [InlineData("No subject line\n\nBody", "starts with a Subject: line")]
    [InlineData("Subject: fine\n\n{{unknown}}", "needs 'unknown'")]
    [InlineData("Subject: {{dueOn:upper}}\n\nBody", "'upper' is not a template format")]
    public void A_malformed_template_is_refused_with_the_reason(string template, string reason)
    {
        var error = Assert.Throws<TemplateException>(() => TemplateLibrary.Render(template, new Dictionary<string, string> { ["dueOn"] = "2027-01-27" }));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DeliveryState.Pending, DeliveryTrigger.Attempt, DeliveryState.Sending)]
    [InlineData(DeliveryState.Sending, DeliveryTrigger.Accepted, DeliveryState.Sent)]
    [InlineData(DeliveryState.Sending, DeliveryTrigger.FailedTransiently, DeliveryState.Failed)]
    [InlineData(DeliveryState.Sending, DeliveryTrigger.FailedPermanently, DeliveryState.DeadLettered)]
    [InlineData(DeliveryState.Sending, DeliveryTrigger.Attempt, DeliveryState.Sending)]
    [InlineData(DeliveryState.Failed, DeliveryTrigger.Attempt, DeliveryState.Retrying)]
    [InlineData(DeliveryState.Failed, DeliveryTrigger.FailedPermanently, DeliveryState.DeadLettered)]
    [InlineData(DeliveryState.Retrying, DeliveryTrigger.Accepted, DeliveryState.Sent)]
    [InlineData(DeliveryState.Retrying, DeliveryTrigger.FailedTransiently, DeliveryState.Failed)]
    [InlineData(DeliveryState.DeadLettered, DeliveryTrigger.Requeue, DeliveryState.Pending)]
    [InlineData(DeliveryState.Failed, DeliveryTrigger.Requeue, DeliveryState.Pending)]
    public void The_lifecycle_allows_these_moves(DeliveryState from, DeliveryTrigger trigger, DeliveryState to)
    {
        var delivery = new Delivery { State = from };
        new DeliveryLifecycle(delivery).Fire(trigger);
        Assert.Equal(to, delivery.State);
    }

    [Fact]
    public void The_lifecycle_refuses_every_other_move_and_a_sent_delivery_never_moves_again()
    {
        var allowed = new HashSet<(DeliveryState, DeliveryTrigger)>
        {
            (DeliveryState.Pending, DeliveryTrigger.Attempt), (DeliveryState.Pending, DeliveryTrigger.FailedPermanently),
            (DeliveryState.Sending, DeliveryTrigger.Attempt), (DeliveryState.Sending, DeliveryTrigger.Accepted),
            (DeliveryState.Sending, DeliveryTrigger.FailedTransiently), (DeliveryState.Sending, DeliveryTrigger.FailedPermanently),
            (DeliveryState.Failed, DeliveryTrigger.Attempt), (DeliveryState.Failed, DeliveryTrigger.FailedPermanently),
            (DeliveryState.Failed, DeliveryTrigger.Requeue),
            (DeliveryState.Retrying, DeliveryTrigger.Attempt), (DeliveryState.Retrying, DeliveryTrigger.Accepted),
            (DeliveryState.Retrying, DeliveryTrigger.FailedTransiently), (DeliveryState.Retrying, DeliveryTrigger.FailedPermanently),
            (DeliveryState.DeadLettered, DeliveryTrigger.Requeue),
        };
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            foreach (var trigger in Enum.GetValues<DeliveryTrigger>())
            {
                var lifecycle = new DeliveryLifecycle(new Delivery { State = state });
                Assert.Equal(allowed.Contains((state, trigger)), lifecycle.CanFire(trigger));
                if (!allowed.Contains((state, trigger)))
                {
                    Assert.Throws<InvalidOperationException>(() => lifecycle.Fire(trigger));
                }
            }
        }

        Assert.Contains("Sending --> Sent : Accepted", DeliveryLifecycle.ToMermaid(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reporting_an_outcome_leaves_the_claim_of_an_attempt_under_way_intact()
    {
        var command = Notifications.Command("DeadlineBreach", "BusinessUnit", Notifications.Facts(["deadline", "N2", "dueOn", "2027-01-13"]));
        await workers.Send(command);

        // The first failure waits to be reported (the broker was down) while the retry is already under way: the
        // dispatcher holds the row at version 7 and will record its result against that version.
        await workers.OnLedger(async database =>
        {
            var delivery = database.Deliveries.Single();
            delivery.State = DeliveryState.Retrying;
            delivery.Attempts = 2;
            delivery.ClaimedUntil = workers.Clock.GetUtcNow().AddMinutes(2);
            delivery.OutcomeToReport = DeliveryOutcome.Failing;
            delivery.LastError = "the gateway could not be reached (SocketException)";
            delivery.Version = 7;
            await database.SaveChangesAsync();
        });

        Assert.Equal(1, await workers.Reporter.ReportOnce(CancellationToken.None));

        var row = Assert.Single(await workers.Ledger());
        Assert.Equal((7, (DeliveryOutcome?)null, (DeliveryOutcome?)DeliveryOutcome.Failing), (row.Version, row.OutcomeToReport, row.OutcomeReported));
        Assert.False(Assert.IsType<StatutoryNotificationFailed>(Assert.Single(workers.Reported())).Permanent);
    }

    [Fact]
    public async Task Outcomes_reported_again_after_a_restart_carry_the_same_event_ids()
    {
        await workers.Send(Notifications.Command("DeadlineBreach", "BusinessUnit", Notifications.Facts(["deadline", "N2", "dueOn", "2027-01-13"])));
        await workers.Round();
        var first = Assert.IsType<StatutoryNotificationSent>(Assert.Single(workers.Reported()));

        var published = new PublishedIds();
        using (workers.Bus.Bus.ConnectPublishObserver(published))
        {
            Assert.Equal(1, await workers.Reporter.RecoverReported(CancellationToken.None));
            Assert.Equal(1, await workers.Reporter.ReportOnce(CancellationToken.None));
        }

        // Published again under the same message id, which the review's inbox (like the harness) knows as the same message.
        Assert.Equal([first.EventId], published.Ids);
        Assert.Equal(OutcomeReporter.EventIdFor(first.IdempotencyKey, DeliveryOutcome.Sent, 0), first.EventId);

        // Outside the recovery window nothing is reported again.
        workers.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await workers.Reporter.RecoverReported(CancellationToken.None));
    }

    private sealed class PublishedIds : IPublishObserver
    {
        public List<Guid?> Ids { get; } = [];

        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            Ids.Add(context.MessageId);
            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
