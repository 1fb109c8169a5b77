namespace Orchestration.Orchestrator.Security;

/// <summary>The authorisation policies endpoints ask for by name, and the events only statutory partners may send.</summary>
public static class SecurityPolicies
{
    /// <summary>Opening reviews and uploading their reports: <see cref="Roles.Submitter"/>.</summary>
    public const string Submit = "reviews:submit";

    /// <summary>Sending a review events: <see cref="Roles.Submitter"/> or <see cref="Roles.Partner"/>; which events each may send is checked per event.</summary>
    public const string SendEvents = "reviews:send-events";

    /// <summary>Reading reviews, timelines, deadlines, compliance and reports: <see cref="Roles.Reader"/>.</summary>
    public const string Read = "reviews:read";

    /// <summary>The dashboard's pages: <see cref="Roles.Reader"/> or <see cref="Roles.Operator"/>.</summary>
    public const string Dashboard = "dashboard:read";

    /// <summary>Retrying a failed notification from the dashboard: <see cref="Roles.Operator"/>.</summary>
    public const string RetryNotifications = "dashboard:retry-notifications";

    /// <summary>Reading and moving the virtual clock, which is every partnership's: <see cref="Roles.Operator"/> or <see cref="Roles.Administrator"/> of every partnership (<c>*</c>).</summary>
    public const string Clock = "operations:clock";

    /// <summary>Calendar changes (they move every partnership's deadlines) and the access log: <see cref="Roles.Administrator"/> of every partnership (<c>*</c>).</summary>
    public const string Administer = "administration";

    /// <summary>
    /// The events that record statutory partners' own decisions (Working Together 2023 ch. 5: the partners decide
    /// and endorse); a caller needs <see cref="Roles.Partner"/> to send them, and <see cref="Roles.Submitter"/> for every other event.
    /// </summary>
    public static readonly IReadOnlySet<string> PartnerEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        "PartnerDecisionRecorded", "RapidReviewReportEndorsed", "RapidReviewOutcomeDecided", "FinalReportSignedOff", "DecisionNotToPublish",
    };

    /// <summary>The role a caller needs to send the named event.</summary>
    public static string RoleToSend(string eventName) => PartnerEvents.Contains(eventName) ? Roles.Partner : Roles.Submitter;
}
