namespace Orchestration.Domain.Tests.Profiles;

public sealed class WarringtonProfileTests
{
    [Theory]
    // key, anchor date, window opens on (or null), due on, citation (must appear in the entry's rule or source)
    [InlineData("referral-to-business-unit", "2026-03-05", null, "2026-03-06", "000 App 1")]
    [InlineData("referral-to-business-unit", "2026-12-24", null, "2026-12-29", "000 App 1")]
    [InlineData("panel-notification", "2026-03-02", null, "2026-03-09", "000 §2.1.2")]
    [InlineData("panel-notification", "2027-03-26", null, "2027-04-05", "000 §2.1.2")]
    [InlineData("advisors-recommendation", "2026-06-10", null, "2026-06-11", "000 §3.1.5")]
    [InlineData("advisors-recommendation", "2026-12-26", null, "2026-12-29", "000 §3.1.5")]
    [InlineData("partners-decision", "2026-09-14", null, "2026-09-16", "000 §3.1.7")]
    [InlineData("partners-decision", "2027-03-25", null, "2027-03-31", "000 §3.1.7")]
    [InlineData("information-requests", "2026-10-05", null, "2026-10-08", "000 §3.3.3")]
    [InlineData("information-requests", "2026-12-23", null, "2026-12-30", "000 §3.3.3")]
    [InlineData("meeting-invitations", "2026-02-03", null, "2026-02-06", "000 §3.4.6")]
    [InlineData("meeting-invitations", "2027-03-27", null, "2027-04-01", "000 §3.4.6")]
    [InlineData("family-contact", "2026-11-18", null, "2026-11-23", "000 §3.6.2")]
    [InlineData("family-contact", "2027-01-01", null, "2027-01-06", "N15")]
    [InlineData("agency-returns", "2026-03-02", null, "2026-03-13", "000 §3.3.5")]
    [InlineData("agency-returns", "2027-03-22", null, "2027-04-06", "000 §3.3.5")]
    [InlineData("rapid-review-meeting", "2026-03-02", "2026-03-16", "2026-03-19", "000 §3.4.7")]
    [InlineData("rapid-review-meeting", "2026-12-18", "2027-01-06", "2027-01-11", "000 §3.4.7")]
    [InlineData("rapid-review-report", "2026-04-15", null, "2026-04-16", "000 §3.5.5")]
    [InlineData("rapid-review-report", "2026-12-31", null, "2027-01-04", "000 §3.5.5")]
    [InlineData("rapid-review-to-panel", "2026-03-02", null, "2026-03-23", "000 §3.2.2")]
    [InlineData("rapid-review-to-panel", "2026-12-11", null, "2027-01-06", "N5")]
    [InlineData("cspr-published", "2026-04-15", null, "2026-10-15", "000 §4.1.8")]
    [InlineData("cspr-published", "2026-08-31", null, "2027-02-28", "N7")]
    [InlineData("regulators-copies", "2026-04-01", null, "2026-03-23", "000 §4.2.8")]
    [InlineData("regulators-copies", "2027-04-06", null, "2027-03-24", "N10")]
    [InlineData("regulators-copies", "2027-01-05", null, "2026-12-22", "000 §4.2.8")]
    [InlineData("publicly-available-until", "2026-05-20", null, "2027-05-20", "000 §4.2.9")]
    [InlineData("publicly-available-until", "2028-02-29", null, "2029-02-28", "N12")]
    public void Each_timescale_falls_due_as_the_procedure_says(
        string key, string anchorOn, string? windowOpensOn, string dueOn, string cites) =>
        ProfileTimetableCase.Verify("warrington", key, anchorOn, windowOpensOn, dueOn, cites);
}
