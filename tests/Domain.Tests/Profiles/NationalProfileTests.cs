namespace Orchestration.Domain.Tests.Profiles;

public sealed class NationalProfileTests
{
    [Theory]
    // key, anchor date, window opens on (or null), due on, citation (must appear in the entry's rule or source)
    [InlineData("panel-notification", "2026-12-17", null, "2026-12-24", "N2")]           // 5 WD of becoming aware
    [InlineData("panel-notification", "2027-03-24", null, "2027-04-02", "N2")]           // over Easter 2027
    [InlineData("rapid-review-to-panel", "2026-03-02", null, "2026-03-23", "N5")]        // the digest's example
    [InlineData("rapid-review-to-panel", "2026-12-18", null, "2027-01-13", "N5")]        // over Christmas 2026
    [InlineData("cspr-published", "2027-01-13", null, "2027-07-13", "N7")]
    [InlineData("cspr-published", "2026-08-31", null, "2027-02-28", "N7")]               // clamped to February's end
    [InlineData("regulators-copies", "2026-04-01", null, "2026-03-23", "N10")]           // the digest's example
    [InlineData("regulators-copies", "2027-01-04", null, "2026-12-21", "N10")]           // back over Christmas
    [InlineData("publicly-available-until", "2027-07-13", null, "2028-07-13", "N12")]
    [InlineData("publicly-available-until", "2028-02-29", null, "2029-02-28", "N12")]
    public void Each_timescale_falls_due_as_the_procedure_says(
        string key, string anchorOn, string? windowOpensOn, string dueOn, string cites) =>
        ProfileTimetableCase.Verify("national", key, anchorOn, windowOpensOn, dueOn, cites);
}
