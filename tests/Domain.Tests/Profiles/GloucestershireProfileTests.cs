namespace Orchestration.Domain.Tests.Profiles;

public sealed class GloucestershireProfileTests
{
    [Theory]
    // key, anchor date, window opens on (or null), due on, citation (must appear in the entry's rule or source)
    [InlineData("cfc-threshold-decision", "2026-03-02", "2026-03-03", "2026-03-04", "001 p.5 'Rapid Review Process and Timeline', WD 1-2 (threshold)")]
    [InlineData("cfc-threshold-decision", "2026-12-24", "2026-12-29", "2026-12-30", "001 p.5 'Rapid Review Process and Timeline', WD 1-2 (threshold)")]
    [InlineData("rapid-review-instigated", "2026-06-10", "2026-06-11", "2026-06-12", "001 p.5 'Rapid Review Process and Timeline', WD 1-2 (instigation)")]
    [InlineData("rapid-review-instigated", "2026-10-03", "2026-10-05", "2026-10-06", "001 p.5 'Rapid Review Process and Timeline', WD 1-2 (instigation)")]
    [InlineData("independent-chair-commissioned", "2026-09-17", "2026-09-18", "2026-09-21", "001 p.5 'Rapid Review Process and Timeline', WD 1-2 (independent Chair)")]
    [InlineData("independent-chair-commissioned", "2027-03-26", "2027-03-30", "2027-03-31", "001 p.5 'Rapid Review Process and Timeline', WD 1-2 (independent Chair)")]
    [InlineData("information-requests-sent", "2026-11-04", "2026-11-05", "2026-11-06", "001 p.5 'Rapid Review Process and Timeline', WD 1-2 (paperwork)")]
    [InlineData("information-requests-sent", "2026-12-31", "2027-01-04", "2027-01-05", "001 p.5 'Rapid Review Process and Timeline', WD 1-2 (paperwork)")]
    [InlineData("agency-summaries-returned", "2026-03-02", "2026-03-05", "2026-03-09", "001 p.5 'Rapid Review Process and Timeline', WD 3-5")]
    [InlineData("agency-summaries-returned", "2027-03-24", "2027-03-31", "2027-04-02", "001 p.5 'Rapid Review Process and Timeline', WD 3-5")]
    [InlineData("chronology-and-lines-of-enquiry", "2026-03-02", "2026-03-10", "2026-03-11", "001 p.5 'Rapid Review Process and Timeline', WD 6-7")]
    [InlineData("chronology-and-lines-of-enquiry", "2026-12-18", "2026-12-30", "2026-12-31", "001 p.5 'Rapid Review Process and Timeline', WD 6-7")]
    [InlineData("rapid-review-meeting", "2026-03-02", null, "2026-03-12", "001 p.5 'Rapid Review Process and Timeline', WD 8 (Convene Rapid Review)")]
    [InlineData("rapid-review-meeting", "2027-03-20", null, "2027-04-02", "001 p.5 'Rapid Review Process and Timeline', WD 8 (Convene Rapid Review)")]
    [InlineData("panel-acknowledgement", "2026-03-02", null, "2026-03-04", "001 p.5 'Rapid Review Process and Timeline', WD 8 (National Panel email within two days)")]
    [InlineData("panel-acknowledgement", "2026-12-31", null, "2027-01-02", "001 p.5 'Rapid Review Process and Timeline', WD 8 (National Panel email within two days)")]
    [InlineData("rapid-review-report-compiled", "2026-03-02", "2026-03-13", "2026-03-19", "001 p.5 'Rapid Review Process and Timeline', WD 9-13")]
    [InlineData("rapid-review-report-compiled", "2026-12-14", "2026-12-29", "2027-01-05", "001 p.5 'Rapid Review Process and Timeline', WD 9-13")]
    [InlineData("rapid-review-report-signed-off", "2026-03-02", "2026-03-19", "2026-03-20", "001 p.5 'Rapid Review Process and Timeline', WD 13-14")]
    [InlineData("rapid-review-report-signed-off", "2027-03-12", "2027-04-02", "2027-04-05", "001 p.5 'Rapid Review Process and Timeline', WD 13-14")]
    [InlineData("rapid-review-to-panel", "2026-03-02", "2026-03-20", "2026-03-23", "001 p.5 'Rapid Review Process and Timeline', WD 14-15")]
    [InlineData("rapid-review-to-panel", "2027-01-01", "2027-01-21", "2027-01-22", "001 p.5 'Rapid Review Process and Timeline', WD 14-15")]
    [InlineData("regulators-copies", "2026-04-01", null, "2026-03-23", "001 step 5")]
    [InlineData("regulators-copies", "2027-04-07", null, "2027-03-25", "001 step 5")]
    [InlineData("regulators-copies", "2027-01-04", null, "2026-12-21", "001 step 5")]
    [InlineData("publication-after-panel-submission", "2026-06-01", null, "2026-06-08", "001 p.8 'Publication and imbedding of learning'")]
    [InlineData("publication-after-panel-submission", "2026-12-28", null, "2027-01-04", "001 p.8 'Publication and imbedding of learning'")]
    [InlineData("publicly-available-until", "2026-06-15", null, "2027-06-15", "001 p.7 'Local Child Safeguarding Practice Reviews'")]
    [InlineData("publicly-available-until", "2028-02-29", null, "2029-02-28", "001 p.7 'Local Child Safeguarding Practice Reviews'")]
    public void Each_timescale_falls_due_as_the_procedure_says(
        string key, string anchorOn, string? windowOpensOn, string dueOn, string cites) =>
        ProfileTimetableCase.Verify("gloucestershire", key, anchorOn, windowOpensOn, dueOn, cites);
}
