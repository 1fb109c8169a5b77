using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Orchestration.Orchestrator.Tests.Durability;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Broker;

/// <summary><c>Transport:RabbitMQ:QuorumQueues</c>: the queues both processes declare are quorum queues, and the traffic flows through them.</summary>
[Collection(RabbitMqTests.Name)]
public sealed class QuorumQueueTests(RabbitMqNode node)
{
    [Fact]
    public async Task With_quorum_queues_configured_both_processes_declare_them_and_a_review_runs_through_them()
    {
        var settings = await node.Broker.VirtualHost();
        settings["Transport:RabbitMQ:QuorumQueues"] = "true";
        settings["Outbox:PollInterval"] = "00:00:00.100";
        var host = settings["Transport:RabbitMQ:VirtualHost"]!;
        await using var workers = new WorkersProcess(new Dictionary<string, string?>(settings) { ["Delivery:DispatcherEnabled"] = "false" });
        await workers.Start(async () => await node.Broker.Depth("notifications", host) >= 0);
        await using var factory = OrchestratorFactory.With(settings, DateTimeOffset.UtcNow);
        var client = new ReviewClient(factory.CreateClient());
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var review = await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", day, day));
        review = await client.Apply(review.Id, "SeriousIncidentNotified", new { occurredOn = day });
        Assert.Equal("RapidReview", review.State);

        var types = await node.Broker.QueueTypes(host);
        Assert.Equal("quorum", types["reviews"]);
        Assert.Equal("quorum", types["notifications"]);

        // The commands the review owes leave the outbox and the workers take them off their queue.
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await factory.Read(db => db.Outbox.CountAsync(o => o.SentAt == null)) > 0 || await node.Broker.Depth("notifications", host) > 0)
        {
            Assert.True(DateTime.UtcNow < until, "the outbox or the workers' queue did not drain within 30 seconds: " + workers.Output);
            await Task.Delay(200);
        }

        Assert.True(await factory.Read(db => db.Outbox.CountAsync(o => o.MessageType.Contains("SendStatutoryNotification"))) > 0);
    }
}
