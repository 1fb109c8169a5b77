using Orchestration.Contracts;

namespace Orchestration.Workers.Tests;

/// <summary>Commands as the orchestrator sends them: the facts each kind carries are the ones the review saga gives.</summary>
public static class Notifications
{
    /// <summary>A statutory notification command for a fresh review.</summary>
    public static SendStatutoryNotification Command(
        string kind, string role, IReadOnlyDictionary<string, string>? facts = null, Guid? reviewId = null, string? rule = null,
        IReadOnlyList<DocumentReference>? attachments = null, string? address = null, string partnership = "warrington", string discriminator = "1")
    {
        var review = reviewId ?? Guid.NewGuid();
        return new SendStatutoryNotification(review, kind, role, $"{review:N}:{kind}:{role}:{discriminator}", new DateOnly(2027, 1, 20),
            partnership, rule, facts ?? new Dictionary<string, string>(), attachments, address);
    }

    /// <summary>Every kind the saga owes, with a recipient it goes to, its rule and its facts; the last item is text the body must contain.</summary>
    public static TheoryData<string, string, string?, string[], string> EveryKind() => new()
    {
        { "LookedAfterChildDeath", "Ofsted", "N3", [], "looked after by the local authority" },
        { "SeriousIncidentNotification", "SafeguardingPartners", null, ["route", "AgencyReferral", "receivedOn", "2027-01-11"], "11 January 2027" },
        { "RapidReviewOutcome", "NationalPanel", "N5", ["outcome", "LocalReview", "decidedOn", "2027-01-13"], "13 January 2027: LocalReview" },
        { "CsprCommissioned", "SecretaryOfState", "N9", ["leadReviewer", "Dr Morgan Ellis", "commissionedOn", "2027-01-12"], "Lead reviewer: Dr Morgan Ellis" },
        { "PublicationDelay", "NationalPanel", "N8", ["reason", "the criminal trial is listed for June", "expectedPublicationOn", "2027-09-30"], "30 September 2027" },
        { "FinalReportCopy", "Ofsted", "N10", ["publishOn", "2027-02-01", "learningOnly", "false"], "1 February 2027" },
        { "DecisionNotToPublish", "SecretaryOfState", "N11", ["justification", "publication would identify the sibling"], "would identify the sibling" },
        { "InformationRequest", "Agencies", null, ["agency", "Cheshire Police", "dueOn", "2027-01-21"], "by 21 January 2027" },
        { "ReviewOutcome", "Agencies", null, ["outcome", "RapidReview", "decidedOn", "2027-01-12"], "RapidReview" },
        { "DeadlineReminder", "BusinessUnit", "N5", ["deadline", "Rapid Review report to the Panel", "dueOn", "2027-01-27"], "Rapid Review report to the Panel (N5)" },
        { "DeadlineBreach", "BusinessUnit", "N2", ["deadline", "Notification to the Panel", "dueOn", "2027-01-13"], "Was due: 13 January 2027" },
        { "LearningActionEscalation", "ChiefOfficer", "profile:learning-action", ["action", "LA-3", "dueOn", "2026-12-18"], "Learning action LA-3" },
        { "DeadlineMoved", "BusinessUnit", "N5", ["deadline", "Rapid Review report to the Panel", "dueOn", "2027-01-14", "previousDueOn", "2027-01-13", "reason", "State funeral announced"], "Was due: 13 January 2027" },
        { "PublicationDate", "CommunicationsTeam", null, ["publishOn", "2027-02-01", "learningOnly", "true"], "Learning only published: true" },
    };

    /// <summary>Pairs of strings as a dictionary.</summary>
    public static Dictionary<string, string> Facts(string[] pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var facts = new Dictionary<string, string>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            facts[pairs[i]] = pairs[i + 1];
        }

        return facts;
    }
}
