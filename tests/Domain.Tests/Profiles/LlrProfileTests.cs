namespace Orchestration.Domain.Tests.Profiles;

public sealed class LlrProfileTests
{
    [Theory]
    // key, anchor date, window opens on (or null), due on, citation (must appear in the entry's rule or source)
    [InlineData("information-requests", "2026-09-10", null, "2026-09-14", "002 §4.3.3")]
    [InlineData("information-requests", "2026-12-24", null, "2026-12-30", "002 §4.3.3")]
    [InlineData("agency-information-returned", "2026-10-05", null, "2026-10-19", "002 §4.9")]
    [InlineData("agency-information-returned", "2027-03-20", null, "2027-04-06", "002 §4.9")]
    [InlineData("rapid-review-meeting", "2026-11-02", "2026-11-11", "2026-11-19", "002 §4.4.2")]
    [InlineData("rapid-review-meeting", "2026-12-18", "2026-12-31", "2027-01-11", "002 §4.4.2")]
    [InlineData("decision-ratified", "2027-01-13", "2027-01-14", "2027-01-15", "002 §4.9")]
    [InlineData("decision-ratified", "2027-03-25", "2027-03-30", "2027-03-31", "002 §4.9")]
    [InlineData("rapid-review-to-panel", "2026-03-02", null, "2026-03-23", "N5")]
    [InlineData("rapid-review-to-panel", "2026-12-14", null, "2027-01-07", "002 §4.9")]
    [InlineData("rapid-review-completed", "2026-06-03", null, "2026-06-24", "002 §4.2.2")]
    [InlineData("rapid-review-completed", "2027-03-26", null, "2027-04-19", "002 §4.2.2")]
    [InlineData("case-review-group-first-consideration", "2026-06-15", null, "2026-07-15", "002 §4.9")]
    [InlineData("case-review-group-first-consideration", "2027-01-31", null, "2027-02-28", "002 §4.9")]
    [InlineData("case-review-group-decision", "2026-11-10", null, "2027-01-10", "002 §4.9")]
    [InlineData("case-review-group-decision", "2026-12-31", null, "2027-02-28", "002 §4.9")]
    [InlineData("cspr-published", "2026-04-15", null, "2026-10-15", "002 §3.1.2")]
    [InlineData("cspr-published", "2026-08-31", null, "2027-02-28", "N7")]
    [InlineData("regulators-copies", "2026-04-01", null, "2026-03-23", "002 §10.5.1")]
    [InlineData("regulators-copies", "2027-03-31", null, "2027-03-18", "N10")]
    [InlineData("regulators-copies", "2027-01-02", null, "2026-12-21", "002 §10.5.1")]
    [InlineData("publicly-available-until", "2026-10-01", null, "2027-10-01", "002 §10.5.2")]
    [InlineData("publicly-available-until", "2028-02-29", null, "2029-02-28", "N12")]
    public void Each_timescale_falls_due_as_the_procedure_says(
        string key, string anchorOn, string? windowOpensOn, string dueOn, string cites) =>
        ProfileTimetableCase.Verify("llr", key, anchorOn, windowOpensOn, dueOn, cites);
}
