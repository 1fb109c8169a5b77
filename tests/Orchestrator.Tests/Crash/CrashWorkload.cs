using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Crash;

/// <summary>What a scripted event must come to.</summary>
public enum Expect
{
    /// <summary>The review applies it (200).</summary>
    Applied,

    /// <summary>The review refuses it (409), recording the rejection in its timeline.</summary>
    Rejected,
}

/// <summary>One event a script sends: its name, its body (with a fixed <c>eventId</c>) and what it must come to.</summary>
public sealed record ScriptStep(string Event, JsonObject Body, Expect Expect)
{
    /// <summary>The event's id.</summary>
    public Guid EventId => Guid.Parse((string)Body["eventId"]!, CultureInfo.InvariantCulture);
}

/// <summary>One review of the workload: the referral that opens it, the events that follow, and the state it must end in.</summary>
public sealed record ReviewScript(
    int Number, Guid ReviewId, string Partnership, string Route, string Shape, DateOnly ReceivedOn,
    JsonObject Referral, IReadOnlyList<ScriptStep> Steps, string ExpectedState)
{
    /// <inheritdoc />
    public override string ToString() => $"#{Number} {Partnership}/{Route}/{Shape} received {ReceivedOn:yyyy-MM-dd} ({ReviewId})";
}

/// <summary>
/// The crash test's workload: reviews across the six profiles and their routes, each a deterministic script
/// of realistic events (as in the profiles' end-to-end tests) with fixed event ids, so that any request can be
/// sent again after a crash, and an expected final state. Every date is before the orchestrator's virtual now.
/// </summary>
public static class CrashWorkload
{
    /// <summary>Learning actions due just after the virtual now: their reminders fire while the workload runs.</summary>
    public static readonly DateOnly SoonAfterNow = new(2028, 7, 3);

    private static readonly DateOnly FirstReceivedOn = new(2027, 1, 4);
    private const int Weeks = 34;

    /// <summary><paramref name="count"/> reviews, cycling through every profile, route and shape, received on Mondays through 2027.</summary>
    public static IReadOnlyList<ReviewScript> Build(int count)
    {
        var catalogue = Catalogue();
        return [.. Enumerable.Range(0, count).Select(n =>
        {
            var (partnership, route, shape) = catalogue[n % catalogue.Count];
            var receivedOn = FirstReceivedOn.AddDays(7 * ((n * 5 + n / catalogue.Count) % Weeks));
            return Script(n, partnership, route, shape, receivedOn);
        })];
    }

    /// <summary>An id fixed by its parts, so a replay with the same workload sends the same ids.</summary>
    public static Guid Id(params object[] parts) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes("crash-workload:" + string.Join(':', parts))).AsSpan(0, 16));

    private static List<(string Partnership, string Route, string Shape)> Catalogue()
    {
        string[] profiles = ["national", "warrington", "gloucestershire", "llr", "darlington", "northamptonshire"];
        string[] notificationShapes =
        [
            "NotPublishedPlanClosed", "PublicationScheduled", "NotPublished", "PublicationPending", "LocalReviewInProgress",
            "SubmittedToPanel", "NationalReview", "NoFurtherReviewClosed", "AlternativeReviewMonitoring", "LookedAfterChildDeath",
        ];
        string[] referralShapes = ["PartnersDecline", "ToRapidReview", "Withdrawn", "LearningRoute", "LearningRouteMonitoringClosed"];
        var catalogue = new List<(string, string, string)>();
        foreach (var profile in profiles)
        {
            catalogue.AddRange(notificationShapes.Select(shape => (profile, "LocalAuthorityNotification", shape)));
            catalogue.AddRange(referralShapes.Select(shape => (profile, "AgencyReferral", shape)));
        }

        foreach (var profile in new[] { "darlington", "northamptonshire" })
        {
            catalogue.Add((profile, "LearningRequest", "LearningRoute"));
            catalogue.Add((profile, "LearningRequest", "LearningRouteMonitoringClosed"));
        }

        catalogue.Add(("gloucestershire", "AcuteLifeThreateningEvent", "ReferredElsewhere"));
        catalogue.Add(("gloucestershire", "AcuteLifeThreateningEvent", "ReferredElsewhereClosed"));
        catalogue.Add(("gloucestershire", "AgencyReferral", "ChildDeathReview"));

        // Interleave the shapes so that every stretch of the workload mixes long and short scripts.
        return [.. catalogue.Select((entry, i) => (entry, i)).OrderBy(x => (x.i * 37) % catalogue.Count).Select(x => x.entry)];
    }

    private static ReviewScript Script(int number, string partnership, string route, string shape, DateOnly receivedOn)
    {
        var reviewId = Id(number, "review");
        var referral = Referrals.Complete(partnership, route, Date(receivedOn), Date(receivedOn.AddDays(-1)), reviewId);
        if (partnership == "northamptonshire" && route == "LearningRequest")
        {
            referral["requestedReviewType"] = "CaseMappingExercise";
        }

        var s = new Steps(number, receivedOn);
        string expected;
        switch (shape)
        {
            case "NotPublishedPlanClosed":
                RapidReviewToOutcome(s, "LocalReview", withRejections: true);
                LocalReview(s);
                s.Add("DelayReported", 100, new() { ["reason"] = "The police asked the review to wait for charging decisions.", ["expectedPublicationOn"] = s.Day(200) });
                s.Add("FinalReportSignedOff", 120);
                SchedulePublication(s);
                s.Add("DecisionNotToPublish", 140, new() { ["justification"] = "Publication would identify the surviving sibling; the improvements are published instead." });
                s.Add("ActionPlanAgreed", 145, new()
                {
                    ["actions"] = new JsonArray(
                        Action("A1", "Refresh multi-agency training on bruising in non-mobile babies.", "Partnership", s.Day(250)),
                        Action("A2", "Audit information sharing at the front door.", "Police", s.Day(300))),
                });
                s.Add("LearningActionCompleted", 240, new() { ["actionId"] = "A1" });
                s.Add("LearningActionCompleted", 290, new() { ["actionId"] = "A2" });
                expected = "Closed";
                break;
            case "PublicationScheduled":
                RapidReviewToOutcome(s, "LocalReview");
                LocalReview(s);
                s.Add("FinalReportSignedOff", 120);
                SchedulePublication(s);

                // The regulators' copies are reported sent by the notification workers, on the bus only (N10): until then it cannot be published.
                s.Add("ReportPublished", 160, new() { ["url"] = $"https://example.org/cspr-{number}.pdf", ["publishedOn"] = s.Day(160) }, Expect.Rejected);
                expected = "PublicationPending";
                break;
            case "NotPublished":
                RapidReviewToOutcome(s, "LocalReview");
                s.Add("NationalPanelResponded", 30, new() { ["agreesWithOutcome"] = true, ["nationalReview"] = false });
                s.Add("CsprCommissioned", 32);
                s.Add("LeadReviewerAppointed", 35, new() { ["reviewerName"] = "Dr Independent", ["conflictOfInterestDeclared"] = false });
                s.Add("TermsOfReferenceAgreed", 40);
                s.Add("FamilyEngagementRecorded", 45, new() { ["invited"] = true, ["participated"] = false, ["reasonNotInvolved"] = "The family declined to take part." });
                s.Add("DelayReported", 100, new() { ["reason"] = "The inquest has been adjourned.", ["expectedPublicationOn"] = s.Day(200) });
                s.Add("FinalReportSignedOff", 120);
                s.Add("DecisionNotToPublish", 125, new() { ["justification"] = "Publication would identify the surviving siblings." });
                expected = "NotPublished";
                break;
            case "PublicationPending":
                RapidReviewToOutcome(s, "LocalReview");
                s.Add("NationalPanelResponded", 30, new() { ["agreesWithOutcome"] = true, ["nationalReview"] = false });
                s.Add("CsprCommissioned", 32);
                s.Add("LeadReviewerAppointed", 34, new() { ["reviewerName"] = "R. Conflicted", ["conflictOfInterestDeclared"] = true });
                s.Add("TermsOfReferenceAgreed", 40);
                s.Add("FamilyEngagementRecorded", 45, new() { ["invited"] = true, ["participated"] = true });
                s.Add("FinalReportSignedOff", 100, expect: Expect.Rejected);
                s.Add("LeadReviewerAppointed", 101, new() { ["reviewerName"] = "Dr Independent", ["conflictOfInterestDeclared"] = false });
                var inquest = Id(number, "inquest").ToString();
                s.Add("ParallelProceedingRecorded", 102, new() { ["proceedingId"] = inquest, ["kind"] = "Inquest", ["holdsPublication"] = false });
                s.Add("ParallelProceedingConcluded", 110, new() { ["proceedingId"] = inquest });
                s.Add("FinalReportSignedOff", 120);
                expected = "PublicationPending";
                break;
            case "LocalReviewInProgress":
                RapidReviewToOutcome(s, "LocalReview");
                s.Add("NationalPanelResponded", 30, new() { ["agreesWithOutcome"] = true, ["nationalReview"] = false });
                s.Add("CsprCommissioned", 32);
                s.Add("LeadReviewerAppointed", 35, new() { ["reviewerName"] = "Dr Independent", ["conflictOfInterestDeclared"] = false });
                s.Add("TermsOfReferenceAgreed", 40);
                expected = "LocalReview";
                break;
            case "SubmittedToPanel":
                RapidReviewToOutcome(s, "LocalReview");
                s.Add("NationalPanelResponded", 30, new() { ["agreesWithOutcome"] = false, ["nationalReview"] = false });
                expected = "RapidReviewSubmitted";
                break;
            case "NationalReview":
                RapidReviewToOutcome(s, "LocalReview");
                s.Add("NationalPanelResponded", 30, new() { ["agreesWithOutcome"] = false, ["nationalReview"] = true });
                s.Add("CsprCommissioned", 32, expect: Expect.Rejected);
                s.Add("FamilyEngagementRecorded", 40, new() { ["invited"] = true, ["participated"] = true });
                expected = "NationalReview";
                break;
            case "NoFurtherReviewClosed":
                RapidReviewToOutcome(s, "NoFurtherReview");
                s.Add("NationalPanelResponded", 30, new() { ["agreesWithOutcome"] = true, ["nationalReview"] = false });
                s.Add("ReviewClosed", 40, new() { ["reason"] = "The Rapid Review report stands as the CSPR." });
                expected = "Closed";
                break;
            case "AlternativeReviewMonitoring":
                RapidReviewToOutcome(s, "AlternativeReview");
                s.Add("NationalPanelResponded", 30, new() { ["agreesWithOutcome"] = true, ["nationalReview"] = false });
                s.Add("ActionPlanAgreed", 60, new()
                {
                    ["actions"] = new JsonArray(
                        Action("G1", "Take the DHR's findings on the child to the partnership and cascade a briefing.", "Business Unit", Date(SoonAfterNow)),
                        Action("G2", "Review how domestic abuse call-outs with children present are shared.", "Police", Date(SoonAfterNow.AddDays(1))),
                        Action("G3", "Publish a seven-minute briefing on the learning.", "Partnership", s.Day(200))),
                });
                s.Add("LearningActionCompleted", 100, new() { ["actionId"] = "G3" });
                s.Add("LearningActionExtended", 110, new() { ["actionId"] = "G2", ["newDueOn"] = Date(SoonAfterNow.AddDays(88)), ["requestedBy"] = "ChiefOfficer" });
                expected = "LearningMonitoring";
                break;
            case "LookedAfterChildDeath":
                referral["lookedAfterChild"] = true;
                referral["childDied"] = true;
                s.Add("SeriousIncidentNotified", 1);
                s.Add("LookedAfterChildDeathReported", 3);
                var proceeding = Id(number, "inquest").ToString();
                s.Add("ParallelProceedingRecorded", 4, new() { ["proceedingId"] = proceeding, ["kind"] = "Inquest", ["holdsPublication"] = true });
                s.Add("InformationRequestsSent", 5, new() { ["agencies"] = Strings("Police", "School"), ["dueOn"] = s.Day(12) });
                s.Add("ParallelProceedingConcluded", 30, new() { ["proceedingId"] = proceeding });
                expected = "RapidReview";
                break;
            case "PartnersDecline":
                s.Add("TriageRecommendationMade", 1, new() { ["recommendation"] = "NoRapidReview", ["reason"] = "The criteria are not met." });
                foreach (var partner in Partners)
                {
                    s.Add("PartnerDecisionRecorded", 2, Vote(partner, "NoRapidReview"));
                }

                expected = "Closed";
                break;
            case "ToRapidReview":
                s.Add("TriageRecommendationMade", 1, new() { ["recommendation"] = "RapidReview", ["reason"] = "The criteria for a Rapid Review appear to be met." });
                s.Add("PartnerDecisionRecorded", 2, Vote("Police", "RapidReview"));
                s.Add("PartnerDecisionRecorded", 2, Vote("LocalAuthority", "NoRapidReview"));
                if (partnership == "gloucestershire")
                {
                    // A split vote presumes a Rapid Review (001).
                    s.Add("PartnerDecisionRecorded", 3, Vote("Icb", "NoRapidReview"));
                }
                else
                {
                    s.Add("PartnerDecisionRecorded", 2, Vote("Icb", "RapidReview"));
                    s.Add("PartnerDecisionRecorded", 3, Vote("LocalAuthority", "RapidReview"));
                }

                s.Add("SeriousIncidentNotified", 4);
                s.Add("InformationRequestsSent", 4, new() { ["agencies"] = Strings("Police", "Health visiting"), ["dueOn"] = s.Day(11) });
                s.Add("RapidReviewMeetingHeld", 10, new() { ["attendees"] = Attendees() });
                expected = "RapidReview";
                break;
            case "Withdrawn":
                s.Add("TriageRecommendationMade", 1, new() { ["recommendation"] = "RapidReview", ["reason"] = "The criteria appear to be met." });
                s.Add("ReviewClosed", 3, new() { ["reason"] = "The referrer withdrew the referral." });
                s.Add("LookedAfterChildDeathReported", 20);
                s.Add("PartnerDecisionRecorded", 21, Vote("Police", "RapidReview"), Expect.Rejected);
                expected = "Closed";
                break;
            case "LearningRoute":
                ToLearningRoute(s);
                s.Add("FamilyEngagementRecorded", 10, new() { ["invited"] = true, ["participated"] = false, ["reasonNotInvolved"] = "The family declined to take part." });
                expected = "LearningRoute";
                break;
            case "LearningRouteMonitoringClosed":
                ToLearningRoute(s);
                s.Add("ActionPlanAgreed", 30, new()
                {
                    ["actions"] = new JsonArray(Action("L1", "Multi-agency practice review of the neglect pathway.", "Partnership", s.Day(90))),
                });
                s.Add("LearningActionCompleted", 80, new() { ["actionId"] = "L1" });
                expected = "Closed";
                break;
            case "ReferredElsewhere":
                s.Add("PartnerDecisionRecorded", 2, Vote("Police", "RapidReview"), Expect.Rejected);
                expected = "ReferredElsewhere";
                break;
            case "ReferredElsewhereClosed":
                s.Add("ReviewClosed", 5, new() { ["reason"] = "CDOP has the case." });
                expected = "Closed";
                break;
            case "ChildDeathReview":
                referral["childDied"] = true;
                referral["seriousHarm"] = false;
                foreach (var partner in Partners)
                {
                    s.Add("PartnerDecisionRecorded", 1, Vote(partner, "ChildDeathReview"));
                }

                expected = "ReferredElsewhere";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "No such shape.");
        }

        return new ReviewScript(number, reviewId, partnership, route, shape, receivedOn, referral, s.List, expected);
    }

    private static readonly string[] Partners = ["LocalAuthority", "Police", "Icb"];

    /// <summary>A quorate Rapid Review from the referral to the partners' outcome (N5, N6): the review is then RapidReviewSubmitted.</summary>
    private static void RapidReviewToOutcome(Steps s, string outcome, bool withRejections = false)
    {
        if (withRejections)
        {
            s.Add("NationalPanelAcknowledged", 1, new() { ["expectedResponseOn"] = s.Day(20) }, Expect.Rejected);
        }

        s.Add("SeriousIncidentNotified", 1);
        s.Add("NationalPanelAcknowledged", 2, new() { ["expectedResponseOn"] = s.Day(20) });
        s.Add("InformationRequestsSent", 2, new() { ["agencies"] = Strings("Police", "Health visiting"), ["dueOn"] = s.Day(9) });
        s.Add("RapidReviewMeetingScheduled", 2, new() { ["scheduledFor"] = s.Day(10) });
        s.Add("AgencyInformationReturned", 4, new() { ["agency"] = "Police", ["noRecords"] = false });
        s.Add("AgencyInformationReturned", 7, new() { ["agency"] = "Health visiting", ["noRecords"] = true });
        if (withRejections)
        {
            s.Add("RapidReviewReportDrafted", 9, expect: Expect.Rejected);
        }

        s.Add("RapidReviewMeetingHeld", 10, new() { ["attendees"] = Attendees() });
        s.Add("RapidReviewReportDrafted", 11);
        s.Add("RapidReviewReportEndorsed", 12, new() { ["endorsedBy"] = Strings("LocalAuthority", "Police") });
        s.Add("RapidReviewReportEndorsed", 13, new() { ["endorsedBy"] = Strings("Icb") });
        var decided = new JsonObject { ["outcome"] = outcome, ["reason"] = "The partners' decision after the Rapid Review meeting." };
        if (outcome == "AlternativeReview")
        {
            decided["alternativeReviewType"] = "Domestic Homicide Review";
        }

        s.Add("RapidReviewOutcomeDecided", 14, decided);
    }

    /// <summary>The Panel agrees a local CSPR; commissioned, reviewer appointed, terms agreed, the family heard: ready for sign-off.</summary>
    private static void LocalReview(Steps s)
    {
        s.Add("NationalPanelResponded", 30, new() { ["agreesWithOutcome"] = true, ["nationalReview"] = false });
        s.Add("CsprCommissioned", 32);
        s.Add("LeadReviewerAppointed", 35, new() { ["reviewerName"] = "Dr Independent", ["conflictOfInterestDeclared"] = false });
        s.Add("TermsOfReferenceAgreed", 40);
        s.Add("FamilyEngagementRecorded", 45, new() { ["invited"] = true, ["participated"] = true });
    }

    /// <summary>Publication scheduled five weeks ahead: the regulators' copies and the publication date are owed (N10).</summary>
    // This workload uploads no report (an upload is not an event), so the publication gate refuses the date
    // for want of a report to send the regulators (N10): the refusal, recorded through crashes, is what is exercised.
    private static void SchedulePublication(Steps s) =>
        s.Add("PublicationScheduled", 125, new() { ["publishOn"] = s.Day(160), ["learningOnly"] = false }, Expect.Rejected);

    /// <summary>The deciding body recommends learning and development and the three partners agree.</summary>
    private static void ToLearningRoute(Steps s)
    {
        s.Add("TriageRecommendationMade", 1, new() { ["recommendation"] = "LearningAndDevelopment", ["reason"] = "Below the threshold; multi-agency learning." });
        foreach (var partner in Partners)
        {
            s.Add("PartnerDecisionRecorded", 3, Vote(partner, "LearningAndDevelopment"));
        }
    }

    private static JsonObject Vote(string partner, string decision) =>
        new() { ["partner"] = partner, ["decision"] = decision, ["reason"] = "Decided at the partners' meeting." };

    private static JsonObject Action(string id, string description, string owner, string dueOn) =>
        new() { ["actionId"] = id, ["description"] = description, ["ownerAgency"] = owner, ["dueOn"] = dueOn };

    private static JsonNode Attendees() => JsonSerializer.SerializeToNode(Referrals.FullMeeting())!;

    private static JsonArray Strings(params string[] values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A script's events as they are written, dated from the day its referral was received.</summary>
    private sealed class Steps(int number, DateOnly receivedOn)
    {
        public List<ScriptStep> List { get; } = [];

        public string Day(int offset) => Date(receivedOn.AddDays(offset));

        public void Add(string eventName, int day, JsonObject? fields = null, Expect expect = Expect.Applied)
        {
            var body = fields ?? new JsonObject();
            body["occurredOn"] = Day(day);
            body["eventId"] = Id(number, List.Count).ToString();
            List.Add(new ScriptStep(eventName, body, expect));
        }
    }
}
