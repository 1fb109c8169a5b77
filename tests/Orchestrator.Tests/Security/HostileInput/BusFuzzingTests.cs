using System.Collections.Concurrent;
using System.Net.Mime;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Hosting;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Tests.Reviews;
using Orchestration.Workers.Ledger;

namespace Orchestration.Orchestrator.Tests.Security.HostileInput;

/// <summary>
/// Issue 8, input half, on the bus: malformed messages sent straight to the review saga's queue (<c>reviews</c>) on the
/// service's own in-memory bus, their bytes written by hand (envelopes that do not parse, wrong types, missing and empty
/// ids, dates out of range, text too long, values not allowed). Each one faults into <c>reviews_error</c> (one no consumer
/// takes, an unknown message type, is dead-lettered to <c>reviews_skipped</c>), nothing in the database changes, and the
/// saga still takes a well-formed event afterwards. Commands to the workers' queue (<c>notifications</c>) whose envelope does
/// not parse or whose fields do not read as their types fault into <c>notifications_error</c> before the ledger sees them.
/// </summary>
public sealed class BusFuzzingTests : IAsyncLifetime
{
    private const string Envelope = "application/vnd.masstransit+json";
    private readonly OrchestratorFactory factory = new();
    private readonly QueueWatch watch = new();
    private Guid review;

    public async Task InitializeAsync()
    {
        var reviews = new ReviewClient(factory.CreateClient());
        review = (await reviews.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;
        await Settled();
        var bus = factory.Services.GetRequiredService<IBus>();
        bus.ConnectReceiveObserver(watch);

        // Receive endpoints on the dead-letter queues, so each message that lands there is seen (and then set aside).
        foreach (var queue in new[] { ReviewsRegistration.ReviewsEndpoint + "_error", ReviewsRegistration.ReviewsEndpoint + "_skipped", DeliveryRequestConsumer.Endpoint + "_error" })
        {
            await bus.ConnectReceiveEndpoint(queue, _ => { }).Ready;
        }
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The fuzz cases: a name, the message type the envelope claims, and the envelope's message (or the whole body).</summary>
    public static TheoryData<string> Cases() => [.. Fuzz(Guid.Empty).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_message_faults_to_the_error_queue_and_changes_nothing(string name)
    {
        var fuzz = Fuzz(review).Single(c => c.Name == name);
        var before = await DatabaseSnapshot.Take(factory.Services);
        var messageId = NewId.NextGuid();

        await Send(messageId, fuzz.ContentType, fuzz.Body);

        var queue = await watch.Landed(messageId, TimeSpan.FromSeconds(30));
        Assert.Equal(fuzz.Queue, queue);
        Assert.Empty(before.Differences(await DatabaseSnapshot.Take(factory.Services)));
    }

    public static TheoryData<string> CommandCases() => [.. Commands(Guid.Empty).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CommandCases))]
    public async Task A_malformed_command_to_the_workers_faults_to_their_error_queue_and_changes_nothing(string name)
    {
        var fuzz = Commands(review).Single(c => c.Name == name);
        var before = await DatabaseSnapshot.Take(factory.Services);
        var deliveries = await Deliveries();
        var messageId = NewId.NextGuid();

        await Send(messageId, fuzz.ContentType, fuzz.Body, DeliveryRequestConsumer.Endpoint);

        Assert.Equal(fuzz.Queue, await watch.Landed(messageId, TimeSpan.FromSeconds(30)));
        Assert.Empty(before.Differences(await DatabaseSnapshot.Take(factory.Services)));
        Assert.Equal(deliveries, await Deliveries());
    }

    [Fact]
    public async Task After_the_fuzzing_a_well_formed_event_is_still_applied()
    {
        foreach (var fuzz in Fuzz(review))
        {
            await Send(NewId.NextGuid(), fuzz.ContentType, fuzz.Body);
        }

        var reviews = new ReviewClient(factory.CreateClient());
        var after = await reviews.Apply(review, "SeriousIncidentNotified", new { occurredOn = "2027-01-05" });
        Assert.Equal(review, after.Id);
    }

    /// <summary>Waits until the opened review's commands have left the outbox and reached the workers' ledger.</summary>
    private async Task Settled()
    {
        var (last, steady) = (-1, 0);
        for (var attempt = 0; attempt < 300 && steady < 5; attempt++)
        {
            await Task.Delay(100);
            using var scope = factory.Services.CreateScope();
            var unsent = await scope.ServiceProvider.GetRequiredService<ReviewsDbContext>().Outbox.AnyAsync(o => o.SentAt == null);
            var count = await Deliveries();
            (last, steady) = (count, !unsent && count == last ? steady + 1 : 0);
        }
    }

    private async Task<int> Deliveries()
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WorkersDbContext>().Deliveries.CountAsync();
    }

    private async Task Send(Guid messageId, string contentType, byte[] body, string queue = ReviewsRegistration.ReviewsEndpoint)
    {
        var bus = factory.Services.GetRequiredService<IBus>();
        var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));

        // The message object is only a carrier: the serializer writes the hand-made bytes instead of it.
        await endpoint.Send(new SeriousIncidentNotified(review, new DateOnly(2027, 1, 5)), context =>
        {
            context.MessageId = messageId;
            context.Serializer = new HandWritten(contentType, body);
        });
    }

    private sealed record FuzzCase(string Name, string ContentType, byte[] Body, string Queue = "reviews_error");

    private static IEnumerable<FuzzCase> Fuzz(Guid review)
    {
        const string error = "reviews_error";
        yield return new("not JSON", Envelope, "this is not JSON"u8.ToArray(), error);
        yield return new("an empty body", Envelope, [], error);
        yield return new("a truncated envelope", Envelope, Encoding.UTF8.GetBytes(Wrap("SeriousIncidentNotified", new JsonObject { ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-01-05" })[..60]), error);
        yield return new("invalid UTF-8", Envelope, [(byte)'{', 0xFF, 0xFE, (byte)'}'], error);
        yield return new("a content type no one reads", "text/plain", "SeriousIncidentNotified 2027-01-05"u8.ToArray(), error);
        yield return new("an unknown message type", Envelope, Encoding.UTF8.GetBytes(Wrap("NoSuchEvent", new JsonObject { ["reviewId"] = review.ToString() })), "reviews_skipped");

        (string Name, string Type, JsonObject Message)[] messages =
        [
            ("a review id that is not an id", "SeriousIncidentNotified", new JsonObject { ["reviewId"] = "not-a-guid", ["occurredOn"] = "2027-01-05" }),
            ("a review id that is a number", "SeriousIncidentNotified", new JsonObject { ["reviewId"] = 42, ["occurredOn"] = "2027-01-05" }),
            ("a date that is not a date", "SeriousIncidentNotified", new JsonObject { ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-13-45" }),
            ("a date that is an object", "SeriousIncidentNotified", new JsonObject { ["reviewId"] = review.ToString(), ["occurredOn"] = new JsonObject() }),
            ("no review id", "SeriousIncidentNotified", new JsonObject { ["occurredOn"] = "2027-01-05" }),
            ("the empty review id", "SeriousIncidentNotified", new JsonObject { ["reviewId"] = Guid.Empty.ToString(), ["occurredOn"] = "2027-01-05" }),
            ("no date", "SeriousIncidentNotified", new JsonObject { ["reviewId"] = review.ToString() }),
            ("a date in year 1", "SeriousIncidentNotified", new JsonObject { ["reviewId"] = review.ToString(), ["occurredOn"] = "0001-01-01" }),
            ("the empty event id", "SeriousIncidentNotified", new JsonObject { ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-01-05", ["eventId"] = Guid.Empty.ToString() }),
            ("a partner that is not one", "PartnerDecisionRecorded", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-01-05", ["partner"] = "Nobody", ["decision"] = "RapidReview", ["reason"] = "x",
            }),
            ("a partner out of range", "PartnerDecisionRecorded", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-01-05", ["partner"] = 99, ["decision"] = "RapidReview", ["reason"] = "x",
            }),
            ("a reason of 9000 characters", "PartnerDecisionRecorded", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-01-05", ["partner"] = "Police", ["decision"] = "RapidReview", ["reason"] = new string('r', 9000),
            }),
            ("a reason holding a NUL", "PartnerDecisionRecorded", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-01-05", ["partner"] = "Police", ["decision"] = "RapidReview", ["reason"] = "a\u0000b",
            }),
            ("a due date in year 9999", "InformationRequestsSent", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-01-05", ["agencies"] = new JsonArray("Police"), ["dueOn"] = "9999-12-31",
            }),
            ("agencies that are not a list", "InformationRequestsSent", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-01-05", ["agencies"] = "Police", ["dueOn"] = "2027-01-20",
            }),
            ("51 attendees", "RapidReviewMeetingHeld", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-01-05",
                ["attendees"] = new JsonArray([.. Enumerable.Range(1, 51).Select(i => (JsonNode)new JsonObject { ["name"] = $"P{i}", ["agency"] = $"A{i}" })]),
            }),
            ("an address that is not http", "ReportPublished", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["occurredOn"] = "2027-01-05", ["url"] = "javascript:alert(1)", ["publishedOn"] = "2027-01-05",
            }),
            ("a referral whose children are not a list", "ReferralSubmitted", new JsonObject { ["partnership"] = "warrington", ["children"] = "none" }),
            ("a message that is a list", "SeriousIncidentNotified", new JsonObject { ["list"] = new JsonArray() }),
        ];
        foreach (var (name, type, message) in messages)
        {
            var body = name == "a message that is a list"
                ? Wrap(type, null).Replace("\"message\":null", "\"message\":[1,2,3]", StringComparison.Ordinal)
                : Wrap(type, message);
            yield return new(name, Envelope, Encoding.UTF8.GetBytes(body), error);
        }
    }

    private static IEnumerable<FuzzCase> Commands(Guid review)
    {
        const string error = "notifications_error";
        yield return new("not JSON", Envelope, "SendStatutoryNotification"u8.ToArray(), error);
        yield return new("a truncated envelope", Envelope, Encoding.UTF8.GetBytes(Wrap("SendStatutoryNotification", new JsonObject { ["reviewId"] = review.ToString() }, "notifications")[..50]), error);
        (string Name, JsonObject Message)[] commands =
        [
            ("a review id that is not an id", new JsonObject
            {
                ["reviewId"] = "x", ["notificationKind"] = "Acknowledgement", ["recipientRole"] = "Referrer", ["idempotencyKey"] = "k-1", ["dueOn"] = "2027-01-05",
            }),
            ("a due date that is not a date", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["notificationKind"] = "Acknowledgement", ["recipientRole"] = "Referrer", ["idempotencyKey"] = "k-2", ["dueOn"] = "soon",
            }),
            ("facts that are not an object", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["notificationKind"] = "Acknowledgement", ["recipientRole"] = "Referrer", ["idempotencyKey"] = "k-3", ["dueOn"] = "2027-01-05",
                ["facts"] = "none",
            }),
            ("attachments that are not a list", new JsonObject
            {
                ["reviewId"] = review.ToString(), ["notificationKind"] = "Acknowledgement", ["recipientRole"] = "Referrer", ["idempotencyKey"] = "k-4", ["dueOn"] = "2027-01-05",
                ["attachments"] = 5,
            }),
        ];
        foreach (var (name, message) in commands)
        {
            yield return new(name, Envelope, Encoding.UTF8.GetBytes(Wrap("SendStatutoryNotification", message, "notifications")), error);
        }
    }

    /// <summary>A MassTransit JSON envelope around <paramref name="message"/>, claiming the contract <paramref name="type"/>.</summary>
    private static string Wrap(string type, JsonObject? message, string queue = ReviewsRegistration.ReviewsEndpoint) => new JsonObject
    {
        ["messageId"] = NewId.NextGuid().ToString(),
        ["destinationAddress"] = $"loopback://localhost/{queue}",
        ["messageType"] = new JsonArray($"urn:message:Orchestration.Contracts:{type}"),
        ["message"] = message,
        ["sentTime"] = "2028-06-30T12:00:00Z",
        ["headers"] = new JsonObject(),
    }.ToJsonString();

    /// <summary>Writes the given bytes as the message body, whatever the message.</summary>
    private sealed class HandWritten(string contentType, byte[] body) : IMessageSerializer
    {
        public ContentType ContentType { get; } = new(contentType);

        public MessageBody GetMessageBody<T>(SendContext<T> context)
            where T : class => new Bytes(body);

        private sealed class Bytes(byte[] body) : MessageBody
        {
            public long? Length => body.Length;

            public Stream GetStream() => new MemoryStream(body, writable: false);

            public byte[] GetBytes() => body;

            public string GetString() => Encoding.UTF8.GetString(body);
        }
    }

    /// <summary>Which dead-letter queue each message (by id) arrived in.</summary>
    private sealed class QueueWatch : IReceiveObserver
    {
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource<string>> landed = new();

        public async Task<string> Landed(Guid messageId, TimeSpan within)
        {
            var where = Completion(messageId).Task;
            var first = await Task.WhenAny(where, Task.Delay(within));
            Assert.True(first == where, $"The message {messageId} reached no dead-letter queue within {within.TotalSeconds:0} s.");
            return await where;
        }

        public Task PreReceive(ReceiveContext context)
        {
            var queue = context.InputAddress.AbsolutePath.Trim('/');
            if (queue.EndsWith("_error", StringComparison.Ordinal) || queue.EndsWith("_skipped", StringComparison.Ordinal))
            {
                if (context.TransportHeaders.Get<Guid>(MessageHeaders.MessageId) is { } id)
                {
                    Completion(id).TrySetResult(queue);
                }
            }

            return Task.CompletedTask;
        }

        public Task PostReceive(ReceiveContext context) => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
            where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
            where T : class => Task.CompletedTask;

        public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;

        private TaskCompletionSource<string> Completion(Guid id) => landed.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
