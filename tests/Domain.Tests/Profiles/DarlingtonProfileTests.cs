namespace Orchestration.Domain.Tests.Profiles;

public sealed class DarlingtonProfileTests
{
    [Theory]
    // key, anchor date, window opens on (or null), due on, citation (must appear in the entry's rule or source)
    [InlineData("referral-to-business-unit", "2026-03-02", null, "2026-03-03", "003 §4.5")]
    [InlineData("referral-to-business-unit", "2026-12-24", null, "2026-12-29", "003 §4.5")]
    [InlineData("local-authority-reports-to-partners", "2026-06-10", null, "2026-06-11", "003 §5.1")]
    [InlineData("local-authority-reports-to-partners", "2026-04-04", null, "2026-04-07", "003 §5.1")]
    [InlineData("partners-informed", "2026-09-15", null, "2026-09-16", "003 §4.6")]
    [InlineData("partners-informed", "2027-03-26", null, "2027-03-30", "003 §4.6")]
    [InlineData("partners-decision-meeting", "2026-03-02", null, "2026-03-09", "003 §4.6")]
    [InlineData("partners-decision-meeting", "2026-12-23", null, "2027-01-04", "003 §4.6")]
    [InlineData("referrer-told-outcome", "2026-10-01", null, "2026-10-08", "003 §5.7")]
    [InlineData("referrer-told-outcome", "2027-03-22", null, "2027-03-31", "003 §5.7")]
    [InlineData("panel-notification", "2026-06-01", null, "2026-06-08", "003 §5.2")]
    [InlineData("panel-notification", "2026-05-01", null, "2026-05-11", "003 §5.2")]
    [InlineData("panel-notification-calendar-days", "2026-12-24", null, "2026-12-29", "003 §1.6")]
    [InlineData("rapid-review-meeting", "2026-03-02", null, "2026-03-23", "003 §6.2")]
    [InlineData("rapid-review-meeting", "2026-12-11", null, "2027-01-06", "003 §6.2")]
    [InlineData("rapid-review-meeting-target", "2026-03-02", "2026-03-11", "2026-03-16", "003 §6.2")]
    [InlineData("rapid-review-meeting-target", "2027-03-18", "2027-03-31", "2027-04-05", "003 §6.2")]
    [InlineData("rapid-review-meeting-calendar-days", "2026-12-18", null, "2027-01-02", "003 §1.6")]
    [InlineData("information-lookback", "2026-06-10", null, "2023-06-10", "003 §6.5")]
    [InlineData("information-lookback", "2028-02-29", null, "2025-02-28", "003 §6.5")]
    [InlineData("rapid-review-to-panel", "2026-06-15", null, "2026-07-06", "N5")]
    [InlineData("rapid-review-to-panel", "2027-03-20", null, "2027-04-13", "003 §6.2")]
    [InlineData("cspr-published", "2026-05-14", null, "2026-11-14", "003 §15.5")]
    [InlineData("cspr-published", "2026-08-31", null, "2027-02-28", "N7")]
    [InlineData("regulators-copies", "2026-07-15", null, "2026-07-06", "003 §14.7")]
    [InlineData("regulators-copies", "2027-04-01", null, "2027-03-19", "N10")]
    [InlineData("publicly-available-until", "2026-06-30", null, "2027-06-30", "003 §14.4")]
    [InlineData("publicly-available-until", "2028-02-29", null, "2029-02-28", "N12")]
    [InlineData("learning-action-escalation-head-of-service", "2026-07-15", null, "2026-10-15", "003 §9.2")]
    [InlineData("learning-action-escalation-head-of-service", "2026-11-30", null, "2027-02-28", "N18")]
    [InlineData("learning-action-escalation-chief-officer", "2026-07-15", null, "2027-01-15", "003 §9.2")]
    [InlineData("learning-action-escalation-chief-officer", "2026-08-31", null, "2027-02-28", "N18")]
    public void Each_timescale_falls_due_as_the_procedure_says(
        string key, string anchorOn, string? windowOpensOn, string dueOn, string cites) =>
        ProfileTimetableCase.Verify("darlington", key, anchorOn, windowOpensOn, dueOn, cites);
}
