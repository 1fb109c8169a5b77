using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Orchestration.Infrastructure;

namespace Orchestration.Workers.Email;

/// <summary>A message ready to send, or why it cannot be written.</summary>
public sealed record Composition(MimeMessage? Message, string? Problem, bool Permanent);

/// <summary>
/// Writes a delivery's email: the partnership's sender, the recipients from configuration, the template's
/// subject and body, the documents attached, and a Message-ID derived from the idempotency key so that every
/// attempt at one notification is the same message.
/// </summary>
public sealed class MessageComposer(RecipientDirectory recipients, TemplateLibrary templates, IOptionsMonitor<DocumentStoreOptions> documents, TimeProvider time)
{
    /// <summary>The Message-ID (without angle brackets) every attempt at this notification carries.</summary>
    public static string MessageIdFor(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..40] + "@cspr.notifications";

    /// <summary>Composes the message for a request.</summary>
    public async Task<Composition> Compose(DeliveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (to, problem) = recipients.Resolve(request);
        if (to is null)
        {
            return new Composition(null, problem, Permanent: true);
        }

        RenderedMessage rendered;
        try
        {
            rendered = TemplateLibrary.Render(templates.Find(request.Kind, request.Partnership), ValuesFor(request));
        }
        catch (TemplateException error)
        {
            return new Composition(null, $"template {request.Kind}: {error.Message}", Permanent: true);
        }

        var message = new MimeMessage { Subject = rendered.Subject, MessageId = MessageIdFor(request.IdempotencyKey), Date = time.GetUtcNow() };
        message.From.Add(recipients.Sender(request.Partnership));
        message.To.AddRange(to);
        message.Headers.Add("X-CSPR-Review", request.ReviewId.ToString("D"));
        message.Headers.Add("X-CSPR-Notification", request.Kind);
        if (request.Rule is not null)
        {
            message.Headers.Add("X-CSPR-Rule", request.Rule);
        }

        var body = new BodyBuilder { TextBody = rendered.Body };
        foreach (var document in request.Attachments)
        {
            var bytes = await ContentStore.Get(documents.CurrentValue.Path, document.Sha256, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return new Composition(null, $"the document {document.Sha256[..12]} is missing from the store or does not match its hash", Permanent: false);
            }

            body.Attachments.Add(document.FileName, bytes, ContentType.Parse(document.MediaType));
        }

        message.Body = body.ToMessageBody();
        return new Composition(message, null, Permanent: false);
    }

    /// <summary>The values a template may use: the notification's facts and what every notification has.</summary>
    public Dictionary<string, string> ValuesFor(DeliveryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = new Dictionary<string, string>(request.Facts, StringComparer.Ordinal)
        {
            ["partnership"] = recipients.NameOf(request.Partnership),
            ["reviewId"] = request.ReviewId.ToString("D"),
            ["reviewReference"] = request.ReviewId.ToString("N")[..8].ToUpperInvariant(),
            ["kind"] = request.Kind,
            ["recipient"] = RoleName(request.RecipientRole),
            ["rule"] = request.Rule ?? "local procedure",
            ["attachments"] = request.Attachments.Count == 0 ? "none" : string.Join(", ", request.Attachments.Select(a => a.FileName)),
        };
        values["sendBy"] = request.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        values.TryAdd("dueOn", values["sendBy"]);
        return values;
    }

    private static string RoleName(string role) => role switch
    {
        "NationalPanel" => "the Child Safeguarding Practice Review Panel",
        "Ofsted" => "Ofsted",
        "SecretaryOfState" => "the Department for Education (for the Secretary of State)",
        "NspccRepository" => "the NSPCC National Case Review Repository",
        "BusinessUnit" => "the safeguarding partnership business unit",
        "SafeguardingPartners" => "the statutory safeguarding partners",
        "HeadOfService" => "the head of service",
        "ChiefOfficer" => "the chief officer",
        "Agencies" => "the agency",
        "Referrer" => "the referrer",
        "Family" => "the family liaison (to tell the family in person, as the procedure sets out)",
        "IndependentScrutiny" => "the independent scrutineer",
        "ElectedMembers" => "the lead member for children's services",
        "CommunicationsTeam" => "the communications team",
        _ => role,
    };
}
