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

    /// <summary>The most children, family members or agencies one referral may list (and attendees, agencies, actions or partners one event).</summary>
    public const int MaxItems = 50;

    /// <summary>The longest name of a person, agency, role or relationship, and the longest short detail (gender, ethnicity, telephone).</summary>
    public const int MaxName = 200;

    /// <summary>The longest email address (RFC 5321's path limit).</summary>
    public const int MaxEmail = 254;

    /// <summary>The earliest date of birth accepted.</summary>
    public static readonly DateOnly EarliestBirth = new(1900, 1, 1);

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
        People(referral, today, problems);
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

    private static void People(ReferralSubmitted referral, DateOnly today, Problems problems)
    {
        if (referral.Referrer is not { } referrer)
        {
            problems.Add("referrer", "is required: who is referring, their agency, role and email.");
        }
        else
        {
            problems.Name("referrer.name", referrer.Name, required: true);
            problems.Name("referrer.agency", referrer.Agency, required: true);
            problems.Name("referrer.jobTitle", referrer.JobTitle, required: true);
            problems.Email("referrer.email", referrer.Email, required: true);
            problems.Name("referrer.phone", referrer.Phone, required: false);
            if (referrer.SafeguardingLead is { } lead)
            {
                problems.Name("referrer.safeguardingLead.name", lead.Name, required: true);
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
                var child = referral.Children[i];
                problems.Name($"children[{i}].fullName", child?.FullName, required: true);
                problems.Name($"children[{i}].gender", child?.Gender, required: false);
                problems.Name($"children[{i}].ethnicity", child?.Ethnicity, required: false);
                problems.Text($"children[{i}].address", child?.Address, required: false);
                problems.Birth($"children[{i}].dateOfBirth", child?.DateOfBirth, today);
            }
        }

        problems.Count("familyMembers", referral.FamilyMembers?.Count ?? 0);
        for (var i = 0; i < (referral.FamilyMembers?.Count ?? 0); i++)
        {
            problems.Name($"familyMembers[{i}].fullName", referral.FamilyMembers![i]?.FullName, required: true);
            problems.Name($"familyMembers[{i}].relationship", referral.FamilyMembers[i]?.Relationship, required: true);
            problems.Birth($"familyMembers[{i}].dateOfBirth", referral.FamilyMembers[i]?.DateOfBirth, today);
        }

        problems.Count("agencies", referral.Agencies?.Count ?? 0);
        for (var i = 0; i < (referral.Agencies?.Count ?? 0); i++)
        {
            problems.Name($"agencies[{i}].name", referral.Agencies![i]?.Name, required: true);
            problems.Name($"agencies[{i}].practitioner", referral.Agencies[i]?.Practitioner, required: false);
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

            if (!list.Contains(problem))
            {
                list.Add(problem);
            }
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

        public void Name(string field, string? value, bool required)
        {
            Text(field, value, required);
            if (value is { Length: > MaxName and <= MaxText })
            {
                Add(field, $"is longer than {MaxName} characters.");
            }
        }

        public void Birth(string field, DateOnly? value, DateOnly today)
        {
            if (value is { } date && (date < EarliestBirth || date > today))
            {
                Add(field, $"must be between {EarliestBirth:yyyy-MM-dd} and today.");
            }
        }

        public void Within(string field, DateOnly value, DateOnly earliest, DateOnly latest)
        {
            if (value != default && (value < earliest || value > latest))
            {
                Add(field, $"must be between {earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd}.");
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
            if (value is { Length: > MaxEmail and <= MaxText })
            {
                Add(field, $"is longer than {MaxEmail} characters.");
            }
            else if (!string.IsNullOrWhiteSpace(value) && value.Length <= MaxEmail && (!MailAddress.TryCreate(value, out var parsed) || parsed.Address != value.Trim()))
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
