using System.Net.Mail;
using Orchestration.Contracts;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// What a referral must carry before a review opens (seeds 000 App 1, 001 forms, 003 §4, 004 App 1): an
/// incomplete one is returned to the referrer with every missing or invalid field named, and nothing is stored.
/// Messages name fields, never their values (they hold personal data).
/// </summary>
public static class ReferralValidator
{
    /// <summary>The longest free text accepted.</summary>
    public const int MaxText = 8000;

    /// <summary>
    /// The longest identifier a caller gives (a learning action's id): it becomes part of deadline subjects and
    /// notification keys, whose columns are bounded (PostgreSQL enforces the bound, SQLite does not).
    /// </summary>
    public const int MaxIdentifier = 100;

    /// <summary>The most children, family members or agencies one referral may list.</summary>
    public const int MaxItems = 50;

    /// <summary>Field (camelCase JSON path) to problems; empty when the referral is complete.</summary>
    public static Dictionary<string, string[]> Validate(ReferralSubmitted? referral, ReviewProcedure procedure, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var problems = new Problems();
        if (referral is null)
        {
            problems.Add("body", "a referral is required.");
            return problems.ToDictionary();
        }

        var profile = string.IsNullOrWhiteSpace(referral.Partnership) ? null : procedure.Find(referral.Partnership);
        if (string.IsNullOrWhiteSpace(referral.Partnership))
        {
            problems.Add("partnership", "is required.");
        }
        else if (profile is null)
        {
            problems.Add("partnership", "is not a partnership with a loaded procedure profile.");
        }
        else if (!Enum.IsDefined(referral.Route) || profile.Routes.All(r => r.Route != referral.Route.ToProfile()))
        {
            problems.Add("route", $"is not a route of the {profile.Name} procedure ({string.Join(", ", profile.Routes.Select(r => r.Route))}).");
        }

        Dates(referral, today, problems);
        People(referral, problems);
        problems.Text("summary", referral.Summary, required: true);
        problems.Text("reasonForReferral", referral.ReasonForReferral, required: true);
        if (!referral.SeriousHarm && !referral.ChildDied && referral.Route == ReviewRoute.LocalAuthorityNotification)
        {
            problems.Add("seriousHarm", "a local authority notification is for a child who died or was seriously harmed (N1).");
        }

        if (referral.RequestedReviewType is { } type && !Enum.IsDefined(type))
        {
            problems.Add("requestedReviewType", "is not a review type.");
        }

        if (referral.EventId == Guid.Empty)
        {
            problems.Add("eventId", "must not be the empty id.");
        }

        return problems.ToDictionary();
    }

    private static void Dates(ReferralSubmitted referral, DateOnly today, Problems problems)
    {
        var earliest = new DateOnly(1990, 1, 1);
        Check("receivedOn", referral.ReceivedOn);
        Check("becameAwareOn", referral.BecameAwareOn);
        if (referral.IncidentOn is { } incident)
        {
            Check("incidentOn", incident);
            if (incident > referral.BecameAwareOn && referral.BecameAwareOn != default)
            {
                problems.Add("incidentOn", "is after the date the referrer became aware of it.");
            }
        }

        if (referral.BecameAwareOn > referral.ReceivedOn && referral.ReceivedOn != default)
        {
            problems.Add("becameAwareOn", "is after the date the referral was received.");
        }

        void Check(string field, DateOnly date)
        {
            if (date == default)
            {
                problems.Add(field, "is required (YYYY-MM-DD).");
            }
            else if (date < earliest || date > today)
            {
                problems.Add(field, $"must be between {earliest:yyyy-MM-dd} and today.");
            }
        }
    }

    private static void People(ReferralSubmitted referral, Problems problems)
    {
        if (referral.Referrer is not { } referrer)
        {
            problems.Add("referrer", "is required: who is referring, their agency, role and email.");
        }
        else
        {
            problems.Text("referrer.name", referrer.Name, required: true);
            problems.Text("referrer.agency", referrer.Agency, required: true);
            problems.Text("referrer.jobTitle", referrer.JobTitle, required: true);
            problems.Email("referrer.email", referrer.Email, required: true);
            if (referrer.SafeguardingLead is { } lead)
            {
                problems.Text("referrer.safeguardingLead.name", lead.Name, required: true);
                problems.Email("referrer.safeguardingLead.email", lead.Email, required: true);
            }
            else if (referral.Route is ReviewRoute.AgencyReferral or ReviewRoute.LearningRequest)
            {
                problems.Add("referrer.safeguardingLead", "an agency referral is made with the agency's safeguarding lead, who must be named (000 App 1, 004).");
            }
        }

        if (referral.Children is not { Count: > 0 })
        {
            problems.Add("children", "at least one child is required.");
        }
        else
        {
            problems.Count("children", referral.Children.Count);
            for (var i = 0; i < referral.Children.Count; i++)
            {
                problems.Text($"children[{i}].fullName", referral.Children[i]?.FullName, required: true);
            }
        }

        problems.Count("familyMembers", referral.FamilyMembers?.Count ?? 0);
        for (var i = 0; i < (referral.FamilyMembers?.Count ?? 0); i++)
        {
            problems.Text($"familyMembers[{i}].fullName", referral.FamilyMembers![i]?.FullName, required: true);
            problems.Text($"familyMembers[{i}].relationship", referral.FamilyMembers[i]?.Relationship, required: true);
        }

        problems.Count("agencies", referral.Agencies?.Count ?? 0);
        for (var i = 0; i < (referral.Agencies?.Count ?? 0); i++)
        {
            problems.Text($"agencies[{i}].name", referral.Agencies![i]?.Name, required: true);
            problems.Email($"agencies[{i}].email", referral.Agencies[i]?.Email, required: false);
        }
    }

    /// <summary>Collects problems by field.</summary>
    internal sealed class Problems
    {
        private readonly Dictionary<string, List<string>> byField = new(StringComparer.Ordinal);

        public int Total => byField.Count;

        public void Add(string field, string problem)
        {
            if (!byField.TryGetValue(field, out var list))
            {
                byField[field] = list = [];
            }

            list.Add(problem);
        }

        public void Text(string field, string? value, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    Add(field, "is required.");
                }
            }
            else if (value.Length > MaxText)
            {
                Add(field, $"is longer than {MaxText} characters.");
            }
            else if (value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            {
                // Never meant in a record, and PostgreSQL cannot store U+0000 in text at all.
                Add(field, "contains a control character.");
            }
        }

        public void Identifier(string field, string? value)
        {
            Text(field, value, required: true);
            if (value is { Length: > MaxIdentifier })
            {
                Add(field, $"is longer than {MaxIdentifier} characters.");
            }
        }

        public void Email(string field, string? value, bool required)
        {
            Text(field, value, required);
            if (!string.IsNullOrWhiteSpace(value) && (!MailAddress.TryCreate(value, out var parsed) || parsed.Address != value.Trim()))
            {
                Add(field, "is not an email address.");
            }
        }

        public void Count(string field, int count)
        {
            if (count > MaxItems)
            {
                Add(field, $"lists more than {MaxItems}.");
            }
        }

        public Dictionary<string, string[]> ToDictionary() => byField.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}

/// <summary>A referral that cannot open a review; its message names the fields only.</summary>
public sealed class ReferralReturnedException : Exception
{
    /// <summary>Creates the exception from the validator's problems.</summary>
    public ReferralReturnedException(IReadOnlyDictionary<string, string[]> problems)
        : base("The referral is returned to the referrer: " + string.Join(" ", (problems ?? throw new ArgumentNullException(nameof(problems))).Select(p => $"{p.Key} {string.Join(" ", p.Value)}"))) =>
        Problems = problems;

    /// <summary>Creates an empty one.</summary>
    public ReferralReturnedException()
        : this(new Dictionary<string, string[]>())
    {
    }

    /// <summary>Creates one with a message.</summary>
    public ReferralReturnedException(string message)
        : base(message) =>
        Problems = new Dictionary<string, string[]>();

    /// <summary>Creates one with a message and a cause.</summary>
    public ReferralReturnedException(string message, Exception innerException)
        : base(message, innerException) =>
        Problems = new Dictionary<string, string[]>();

    /// <summary>Field to problems.</summary>
    public IReadOnlyDictionary<string, string[]> Problems { get; }
}
