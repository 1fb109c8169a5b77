namespace Orchestration.Domain.Tests.Profiles;

public sealed class NorthamptonshireProfileTests
{
    [Theory]
    // key, anchor date, window opens on (or null), due on, citation (must appear in the entry's rule or source)
    [InlineData("panel-notification-calendar-days", "2026-12-22", null, "2026-12-27", "004 p.5")]
    [InlineData("panel-notification-calendar-days", "2027-03-25", null, "2027-03-30", "N2")]
    [InlineData("additional-information-returned", "2026-03-02", null, "2026-03-11", "004 p.5")]
    [InlineData("additional-information-returned", "2027-03-25", null, "2027-04-07", "004 p.5")]
    [InlineData("additional-information-returned", "2026-12-19", null, "2026-12-31", "004 p.5")]
    [InlineData("rapid-review-to-panel", "2026-03-02", null, "2026-03-23", "p.6 'Overview and Timescales'")]
    [InlineData("rapid-review-to-panel", "2026-12-18", null, "2027-01-13", "N5")]
    [InlineData("rapid-review-to-panel", "2027-03-26", null, "2027-04-19", "004 p.5")]
    [InlineData("cspr-published", "2026-03-02", null, "2026-09-02", "004 p.6")]
    [InlineData("cspr-published", "2026-08-31", null, "2027-02-28", "N7")]
    [InlineData("cspr-published", "2027-08-31", null, "2028-02-29", "004 p.6")]
    [InlineData("panel-final-report", "2026-04-01", null, "2026-03-18", "004 p.9")]
    [InlineData("panel-final-report", "2027-01-04", null, "2026-12-21", "N10")]
    [InlineData("press-statement", "2026-04-01", null, "2026-03-30", "004 p.9")]
    [InlineData("practitioner-debriefs", "2026-04-01", "2026-03-30", "2026-04-03", "004 p.9")]
    public void Each_timescale_falls_due_as_the_procedure_says(
        string key, string anchorOn, string? windowOpensOn, string dueOn, string cites) =>
        ProfileTimetableCase.Verify("northamptonshire", key, anchorOn, windowOpensOn, dueOn, cites);
}
