using System.Text.Json.Nodes;
using Orchestration.Samples.UpstreamPublisher;

// Usage: UpstreamPublisher <amqp uri> <contract> <event.json>
// e.g.   UpstreamPublisher amqp://guest:guest@localhost:5672/ ReferralSubmitted referral.json
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: UpstreamPublisher <amqp-uri> <contract, e.g. ReferralSubmitted> <file with the event's JSON fields>");
    return 2;
}

var message = JsonNode.Parse(await File.ReadAllTextAsync(args[2]))?.AsObject()
              ?? throw new InvalidOperationException("the file holds no JSON object");
var messageId = Guid.NewGuid();
await EnvelopePublisher.Publish(new Uri(args[0]), args[1], message, messageId);
Console.WriteLine($"published {args[1]} {messageId}");
return 0;
