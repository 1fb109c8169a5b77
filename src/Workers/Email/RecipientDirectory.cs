using Microsoft.Extensions.Options;
using MimeKit;

namespace Orchestration.Workers.Email;

/// <summary>
/// Who receives what: addresses per recipient role, nationally and per partnership, from configuration
/// (never from code). Values may list several addresses separated by commas.
/// </summary>
public sealed class RecipientOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Recipients";

    /// <summary>Addresses by role for every partnership (the National Panel's, Ofsted's, the DfE's, the NSPCC's).</summary>
    public Dictionary<string, string> Default { get; set; } = [];

    /// <summary>Each partnership's own: its name, sender and addresses, by partnership (profile) name.</summary>
    public Dictionary<string, PartnershipRecipients> Partnerships { get; set; } = [];
}

/// <summary>One partnership's addresses.</summary>
public sealed class PartnershipRecipients
{
    /// <summary>The name messages give it, e.g. "Warrington Safeguarding Partnership".</summary>
    public string? Name { get; set; }

    /// <summary>Its sender address, if not the deployment's.</summary>
    public string? From { get; set; }

    /// <summary>Addresses by role (BusinessUnit, SafeguardingPartners, HeadOfService, ChiefOfficer, Agencies, ...).</summary>
    public Dictionary<string, string> Roles { get; set; } = [];

    /// <summary>Each agency's address for information requests and outcomes, by the agency's name as the review records it.</summary>
    public Dictionary<string, string> Agencies { get; set; } = [];
}

/// <summary>Resolves a delivery's recipients and sender.</summary>
public sealed class RecipientDirectory(IOptionsMonitor<RecipientOptions> recipients, IOptionsMonitor<EmailOptions> email)
{
    /// <summary>The addresses for a delivery, or why there are none (a permanent failure: configuration must change).</summary>
    public (InternetAddressList? To, string? Problem) Resolve(DeliveryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var partnership = Find(recipients.CurrentValue.Partnerships, request.Partnership);
        string? configured = null;
        if (request.RecipientRole == "Referrer" && !string.IsNullOrWhiteSpace(request.RecipientAddress))
        {
            configured = request.RecipientAddress;
        }
        else if (request.RecipientRole == "Agencies" && request.Facts.TryGetValue("agency", out var agency) && partnership is not null)
        {
            configured = Find(partnership.Agencies, agency);
        }

        configured ??= (partnership is null ? null : Find(partnership.Roles, request.RecipientRole))
                       ?? Find(recipients.CurrentValue.Default, request.RecipientRole);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return (null, $"no address is configured for {request.RecipientRole} of {request.Partnership} (Recipients:Partnerships:{request.Partnership}:Roles:{request.RecipientRole} or Recipients:Default:{request.RecipientRole})");
        }

        return InternetAddressList.TryParse(configured, out var list) && list.Mailboxes.Any()
            ? (list, null)
            : (null, $"the address configured for {request.RecipientRole} of {request.Partnership} is not a valid address list");
    }

    /// <summary>The sender for a partnership.</summary>
    public MailboxAddress Sender(string partnership)
    {
        var configured = Find(recipients.CurrentValue.Partnerships, partnership)?.From ?? email.CurrentValue.From;
        return MailboxAddress.Parse(configured);
    }

    /// <summary>The partnership's name for messages: configured, or its profile name.</summary>
    public string NameOf(string partnership) =>
        Find(recipients.CurrentValue.Partnerships, partnership)?.Name ?? partnership;

    private static T? Find<T>(Dictionary<string, T> values, string key) where T : class =>
        values.FirstOrDefault(pair => string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
}
