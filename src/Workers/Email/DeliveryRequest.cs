using Orchestration.Contracts;

namespace Orchestration.Workers.Email;

/// <summary>
/// What the ledger keeps of a command, whichever command it was: everything the message is written from.
/// Stored as JSON in the ledger row so that a retry writes exactly the same message.
/// </summary>
public sealed record DeliveryRequest(
    Guid ReviewId,
    string Partnership,
    string Kind,
    string RecipientRole,
    string IdempotencyKey,
    DateOnly DueOn,
    string? Rule,
    IReadOnlyDictionary<string, string> Facts,
    IReadOnlyList<DocumentReference> Attachments,
    string? RecipientAddress)
{
    /// <summary>From the orchestrator's command for a statutory notification.</summary>
    public static DeliveryRequest From(SendStatutoryNotification command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new(command.ReviewId, command.Partnership ?? string.Empty, command.NotificationKind, command.RecipientRole,
            command.IdempotencyKey, command.DueOn, command.Rule, command.Facts ?? new Dictionary<string, string>(),
            command.Attachments ?? [], command.RecipientAddress);
    }

    /// <summary>From the orchestrator's command to submit a published report to the NSPCC repository (N13).</summary>
    public static DeliveryRequest From(SubmitToNspccRepository command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var facts = new Dictionary<string, string>
        {
            ["reportUrl"] = command.ReportUrl.ToString(),
            ["publishedOn"] = command.PublishedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        return new(command.ReviewId, command.Partnership ?? string.Empty, "PublishedReport", "NspccRepository",
            command.IdempotencyKey, command.PublishedOn, "N13", facts, command.Document is null ? [] : [command.Document], null);
    }
}
