using Orchestration.Contracts;

namespace Orchestration.Benchmarks.Saga;

/// <summary>
/// The events one review receives, in order: a Warrington local authority notification taken through the Rapid
/// Review, a local CSPR and sign-off to a decision not to publish (the path the saga tests drive, seed 000). Every
/// event is valid in the state the one before leaves, so each is applied, arms or meets deadlines, writes the
/// timeline and owes notifications through the outbox. Business dates are in 2027, before the benchmark's clock.
/// </summary>
public static class ReviewScripts
{
    /// <summary>The state every scripted review ends in.</summary>
    public const string FinalState = "NotPublished";

    /// <summary>The instant the benchmark hosts' clock stands at: after every business date below.</summary>
    public static readonly DateTimeOffset Now = new(2028, 6, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A Rapid Review meeting every partner attended.</summary>
    public static readonly IReadOnlyList<Attendee> FullMeeting =
    [
        new("Chair", "Council", StatutoryPartner.LocalAuthority),
        new("DI Example", "Police", StatutoryPartner.Police),
        new("Designated Nurse", "ICB", StatutoryPartner.Icb),
        new("Practitioner", "Health visiting"),
    ];

    /// <summary>The three statutory partners, each endorsing.</summary>
    public static readonly IReadOnlyList<StatutoryPartner> AllPartners = [StatutoryPartner.LocalAuthority, StatutoryPartner.Police, StatutoryPartner.Icb];

    private static readonly DocumentReference Report = new(new string('a', 64), "cspr-final-report.pdf", "application/pdf", 1024);

    /// <summary>How many events <see cref="For"/> returns.</summary>
    public static int Length { get; } = For(Guid.Empty).Count;

    /// <summary>The scripted events for review <paramref name="reviewId"/> (the referral's event id is the review's id).</summary>
    public static IReadOnlyList<object> For(Guid reviewId) =>
    [
        Referral(reviewId),
        new InformationRequestsSent(reviewId, new(2027, 3, 2), ["Police", "Health visiting"], new(2027, 3, 12), Guid.NewGuid()),
        new RapidReviewMeetingScheduled(reviewId, new(2027, 3, 2), new(2027, 3, 15), Guid.NewGuid()),
        new AgencyInformationReturned(reviewId, new(2027, 3, 5), "Police", false, Guid.NewGuid()),
        new RapidReviewMeetingHeld(reviewId, new(2027, 3, 15), FullMeeting, Guid.NewGuid()),
        new RapidReviewReportDrafted(reviewId, new(2027, 3, 16), Guid.NewGuid()),
        new RapidReviewReportEndorsed(reviewId, new(2027, 3, 17), AllPartners, Guid.NewGuid()),
        new RapidReviewOutcomeDecided(reviewId, new(2027, 3, 18), RapidReviewOutcome.LocalReview, "Learning for the partnership.", Guid.NewGuid()),
        new NationalPanelResponded(reviewId, new(2027, 4, 1), true, false, Guid.NewGuid()),
        new CsprCommissioned(reviewId, new(2027, 4, 5), Guid.NewGuid()),
        new LeadReviewerAppointed(reviewId, new(2027, 4, 12), "Dr Independent", false, Guid.NewGuid()),
        new TermsOfReferenceAgreed(reviewId, new(2027, 4, 20), Guid.NewGuid()),
        new FamilyEngagementRecorded(reviewId, new(2027, 4, 26), true, true, null, Guid.NewGuid()),
        new ReportDocumentAttached(reviewId, new(2027, 5, 18), ReportDocumentKind.FinalReport, Report, Guid.NewGuid()),
        new FinalReportSignedOff(reviewId, new(2027, 5, 20), Guid.NewGuid()),
        new DecisionNotToPublish(reviewId, new(2027, 6, 1), "Publication would identify the surviving siblings.", Guid.NewGuid()),
    ];

    /// <summary>A complete referral, as the seed forms ask for it; the people are invented.</summary>
    public static ReferralSubmitted Referral(Guid reviewId, string partnership = "warrington", ReviewRoute route = ReviewRoute.LocalAuthorityNotification,
        DateOnly? receivedOn = null) =>
        new(
            partnership,
            route,
            receivedOn ?? new DateOnly(2027, 3, 1),
            (receivedOn ?? new DateOnly(2027, 3, 1)).AddDays(-3),
            (receivedOn ?? new DateOnly(2027, 3, 1)).AddDays(-4),
            ChildDied: false,
            SeriousHarm: true,
            AbuseOrNeglectKnownOrSuspected: true,
            LookedAfterChild: false,
            CriminalInvestigation: true,
            new Referrer("Jo Referrer", "Children's Social Care", "Team Manager", "jo.referrer@council.example", "01234 567890",
                new SafeguardingLead("Sam Lead", "sam.lead@council.example")),
            [new ChildDetails("Benchmark Child", new DateOnly(2019, 4, 2), "Female", "White British", "1 Example Row, Exampletown")],
            [new FamilyMember("Pat Parent", "Mother", new DateOnly(1994, 1, 1))],
            [new AgencyInvolved("Police", "DC Example", "dc.example@police.example"), new AgencyInvolved("Health visiting", null, null)],
            "Admitted to hospital with injuries inconsistent with the account given.",
            "Serious harm where abuse is suspected; agencies were involved.",
            EventId: reviewId);
}
