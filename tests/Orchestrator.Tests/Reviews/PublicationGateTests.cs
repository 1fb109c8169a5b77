using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>
/// The publication gate (N10, N17) for every profile through the HTTP API: a publication date is accepted only
/// if the regulators' copies can still go by the latest compliant date (7 working days before it; in
/// Northamptonshire also 14 calendar days, the stricter winning), otherwise 409 with the earliest compliant
/// date; the report is published only once every copy went in time for the date and nothing holds it.
/// Every expected date is worked by hand below over the England and Wales bank holidays:
/// 2026: 31 Aug; 25, 28 Dec. 2027: 1 Jan; 26, 29 Mar (Easter); 3, 31 May; 30 Aug; 27, 28 Dec.
/// 2028: 3 Jan; 14, 17 Apr (Easter); 1, 29 May. "7 WD back from P" counts working days before P, P excluded.
/// </summary>
public sealed class PublicationGateTests : ReviewScenario
{
    private const string ReportUrl = "https://example.org/cspr-final-report.pdf";

    private static readonly string[] Regulators = ["NationalPanel", "Ofsted", "SecretaryOfState"];

    /// <summary>
    /// With the copies unsent, P is accepted on day T only if its latest copies date is T or later. With 7 WD that is
    /// the day after the 7th working day counted from T (T itself the first if it is one): the earliest date can be a
    /// Saturday or a bank holiday, since nothing forbids publishing then.
    /// </summary>
    [Theory]
    // National, Christmas 2026. From Wed 16 Dec: 16(1), 17, 18, 21, 22, 23, Thu 24(7): earliest is Fri 25 Dec, Christmas Day
    // (7 WD back: 24, 23, 22, 21, 18, 17, 16). Thu 24 Dec needs 23, 22, 21, 18, 17, 16, Tue 15: before today.
    [InlineData("national", "2026-12-16", "2026-12-24", "2026-12-15", "2026-12-25", "2026-12-16")]
    // National, Easter 2028. From Tue 11 Apr: 11(1), 12, 13, (Good Fri 14, Easter Mon 17 skipped) 18, 19, 20, Fri 21(7): earliest is
    // Saturday 22 Apr. Fri 21 Apr needs 20, 19, 18, 13, 12, 11, Mon 10.
    [InlineData("national", "2028-04-11", "2028-04-21", "2028-04-10", "2028-04-22", "2028-04-11")]
    // National, early May 2027. From Thu 29 Apr: 29(1), 30, (Mon 3 May skipped) 4, 5, 6, 7, Mon 10(7): earliest Tue 11 May.
    // Mon 10 May needs 7, 6, 5, 4, 30 Apr, 29, Wed 28 Apr.
    [InlineData("national", "2027-04-29", "2027-05-10", "2027-04-28", "2027-05-11", "2027-04-29")]
    // National, summer 2026. From Mon 24 Aug: 24(1), 25, 26, 27, 28, (Mon 31 Aug skipped) 1 Sep, Wed 2 Sep(7): earliest Thu 3 Sep.
    // Wed 2 Sep needs 1 Sep, 28, 27, 26, 25, 24, Fri 21 Aug.
    [InlineData("national", "2026-08-24", "2026-09-02", "2026-08-21", "2026-09-03", "2026-08-24")]
    // Warrington, Christmas 2026. From Thu 17 Dec: 17(1), 18, 21, 22, 23, 24, (25, 28 skipped) Tue 29(7): earliest Wed 30 Dec.
    // Tue 29 Dec needs (28, 25 skipped) 24, 23, 22, 21, 18, 17, Wed 16.
    [InlineData("warrington", "2026-12-17", "2026-12-29", "2026-12-16", "2026-12-30", "2026-12-17")]
    // Warrington, Easter 2027. From Thu 18 Mar: 18(1), 19, 22, 23, 24, 25, (26, 29 skipped) Tue 30(7): earliest Wed 31 Mar.
    // Tue 30 Mar needs (29, 26 skipped) 25, 24, 23, 22, 19, 18, Wed 17.
    [InlineData("warrington", "2027-03-18", "2027-03-30", "2027-03-17", "2027-03-31", "2027-03-18")]
    // Warrington, spring 2027. From Mon 24 May: 24(1), 25, 26, 27, 28, (Mon 31 skipped) 1 Jun, Wed 2 Jun(7): earliest Thu 3 Jun.
    // Wed 2 Jun needs 1 Jun, 28, 27, 26, 25, 24, Fri 21 May.
    [InlineData("warrington", "2027-05-24", "2027-06-02", "2027-05-21", "2027-06-03", "2027-05-24")]
    // Warrington, summer 2027. From Fri 20 Aug: 20(1), 23, 24, 25, 26, 27, (Mon 30 skipped) Tue 31(7): earliest Wed 1 Sep.
    // Tue 31 Aug needs 27, 26, 25, 24, 23, 20, Thu 19.
    [InlineData("warrington", "2027-08-20", "2027-08-31", "2027-08-19", "2027-09-01", "2027-08-20")]
    // Gloucestershire, New Year 2027. From Wed 23 Dec: 23(1), 24, 29, 30, 31, (1 Jan skipped) 4, Tue 5 Jan(7): earliest Wed 6 Jan.
    // Tue 5 Jan needs 4, 31, 30, 29, 24, 23, Tue 22 Dec.
    [InlineData("gloucestershire", "2026-12-23", "2027-01-05", "2026-12-22", "2027-01-06", "2026-12-23")]
    // Gloucestershire, Easter 2027. From Wed 17 Mar: 17(1), 18, 19, 22, 23, 24, Thu 25(7): earliest is Fri 26 Mar, Good Friday.
    // Thu 25 Mar needs 24, 23, 22, 19, 18, 17, Tue 16.
    [InlineData("gloucestershire", "2027-03-17", "2027-03-25", "2027-03-16", "2027-03-26", "2027-03-17")]
    // Gloucestershire, early May 2028. From Fri 21 Apr: 21(1), 24, 25, 26, 27, 28, (Mon 1 May skipped) Tue 2 May(7): earliest Wed 3 May.
    // Tue 2 May needs 28, 27, 26, 25, 24, 21, Thu 20 Apr.
    [InlineData("gloucestershire", "2028-04-21", "2028-05-02", "2028-04-20", "2028-05-03", "2028-04-21")]
    // Gloucestershire, summer 2027. From Tue 24 Aug: 24(1), 25, 26, 27, (30 skipped) 31, 1 Sep, Thu 2 Sep(7): earliest Fri 3 Sep.
    // Thu 2 Sep needs 1, 31, 27, 26, 25, 24, Mon 23 Aug.
    [InlineData("gloucestershire", "2027-08-24", "2027-09-02", "2027-08-23", "2027-09-03", "2027-08-24")]
    // LLR, scheduled on Saturday 19 Dec 2026 (not a working day): the count starts Mon 21: 21(1), 22, 23, 24, (25, 28 skipped)
    // 29, 30, Thu 31(7): earliest is Fri 1 Jan 2027, New Year's Day, and its copies are due Monday 21 Dec, not the Saturday.
    // Thu 31 Dec needs 30, 29, 24, 23, 22, 21, Fri 18.
    [InlineData("llr", "2026-12-19", "2026-12-31", "2026-12-18", "2027-01-01", "2026-12-21")]
    // LLR, Easter 2028. From Thu 6 Apr: 6(1), 7, 10, 11, 12, 13, (14, 17 skipped) Tue 18(7): earliest Wed 19 Apr.
    // Tue 18 Apr needs (17, 14 skipped) 13, 12, 11, 10, 7, 6, Wed 5.
    [InlineData("llr", "2028-04-06", "2028-04-18", "2028-04-05", "2028-04-19", "2028-04-06")]
    // LLR, spring 2028. From Mon 22 May: 22(1), 23, 24, 25, 26, (Mon 29 skipped) 30, Wed 31(7): earliest Thu 1 Jun.
    // Wed 31 May needs 30, 26, 25, 24, 23, 22, Fri 19.
    [InlineData("llr", "2028-05-22", "2028-05-31", "2028-05-19", "2028-06-01", "2028-05-22")]
    // LLR, summer 2026. From Thu 27 Aug: 27(1), 28, (Mon 31 skipped) 1 Sep, 2, 3, 4, Mon 7(7): earliest Tue 8 Sep.
    // Mon 7 Sep needs 4, 3, 2, 1, 28, 27, Wed 26 Aug.
    [InlineData("llr", "2026-08-27", "2026-09-07", "2026-08-26", "2026-09-08", "2026-08-27")]
    // Darlington, Christmas 2027. From Mon 20 Dec: 20(1), 21, 22, 23, 24, (27, 28 skipped) 29, Thu 30(7): earliest Fri 31 Dec.
    // Thu 30 Dec needs 29, (28, 27 skipped) 24, 23, 22, 21, 20, Fri 17.
    [InlineData("darlington", "2027-12-20", "2027-12-30", "2027-12-17", "2027-12-31", "2027-12-20")]
    // Darlington, New Year 2028. From Thu 23 Dec: 23(1), 24, 29, 30, 31, (Mon 3 Jan skipped) 4, Wed 5 Jan(7): earliest Thu 6 Jan.
    // Wed 5 Jan needs 4, 31, 30, 29, 24, 23, Wed 22 Dec.
    [InlineData("darlington", "2027-12-23", "2028-01-05", "2027-12-22", "2028-01-06", "2027-12-23")]
    // Darlington, Easter 2027. From Mon 22 Mar: 22(1), 23, 24, 25, (26, 29 skipped) 30, 31, Thu 1 Apr(7): earliest Fri 2 Apr.
    // Thu 1 Apr needs 31, 30, 25, 24, 23, 22, Fri 19 Mar.
    [InlineData("darlington", "2027-03-22", "2027-04-01", "2027-03-19", "2027-04-02", "2027-03-22")]
    // Darlington, early May 2027. From Wed 28 Apr: 28(1), 29, 30, (Mon 3 May skipped) 4, 5, 6, Fri 7(7): earliest Saturday 8 May.
    // Fri 7 May needs 6, 5, 4, 30, 29, 28, Tue 27 Apr.
    [InlineData("darlington", "2027-04-28", "2027-05-07", "2027-04-27", "2027-05-08", "2027-04-28")]
    // Darlington, summer 2027. From Thu 26 Aug: 26(1), 27, (30 skipped) 31, 1 Sep, 2, 3, Mon 6(7): earliest Tue 7 Sep.
    // Mon 6 Sep needs 3, 2, 1, 31, 27, 26, Wed 25 Aug.
    [InlineData("darlington", "2027-08-26", "2027-09-06", "2027-08-25", "2027-09-07", "2027-08-26")]
    // Northamptonshire: 14 calendar days back from P must also be T or later, so the earliest date is T + 14 whatever the
    // holidays (14 days always hold 10 weekdays and at most 3 bank holidays: 7 WD fit). Around New Year: from Tue 21 Dec 2027
    // the earliest is Tue 4 Jan 2028 (14 days back 21 Dec; 7 WD back 31, 30, 29, 24, 23, 22, 21 Dec: the same day).
    // Mon 3 Jan (a bank holiday) would satisfy 7 WD (31, 30, 29, 24, 23, 22, Tue 21 Dec) but 14 days back is Mon 20 Dec.
    [InlineData("northamptonshire", "2027-12-21", "2028-01-03", "2027-12-20", "2028-01-04", "2027-12-21")]
    // Northamptonshire, Easter 2028. From Tue 11 Apr the earliest is Tue 25 Apr (14 days back 11 Apr; 7 WD back 12 Apr).
    // Mon 24 Apr: 7 WD back 21, 20, 19, 18, 13, 12, Tue 11 would do, but 14 days back is Mon 10 Apr.
    [InlineData("northamptonshire", "2028-04-11", "2028-04-24", "2028-04-10", "2028-04-25", "2028-04-11")]
    // Northamptonshire, early May 2027. From Fri 23 Apr the earliest is Fri 7 May (7 WD back would be Tue 27 Apr).
    // Thu 6 May: 7 WD back 5, 4, 30, 29, 28, 27, Mon 26 Apr, but 14 days back is Thu 22 Apr.
    [InlineData("northamptonshire", "2027-04-23", "2027-05-06", "2027-04-22", "2027-05-07", "2027-04-23")]
    // Northamptonshire, summer 2027. From Mon 16 Aug the earliest is Mon 30 Aug, the summer bank holiday; a day earlier is
    // Sunday 29 Aug, whose 14 days back is Sunday 15 Aug (7 WD back: 27, 26, 25, 24, 23, 20, Thu 19 Aug).
    [InlineData("northamptonshire", "2027-08-16", "2027-08-29", "2027-08-15", "2027-08-30", "2027-08-16")]
    public async Task A_publication_date_one_day_too_early_is_refused_with_the_earliest_compliant_date_and_that_date_is_accepted(
        string profile, string today, string tooEarly, string tooEarlyNeedsCopiesBy, string earliest, string copiesDue)
    {
        var id = await ReviewAwaitingPublication(profile, today);

        var refused = await Client.Refuse(id, "PublicationScheduled", new { occurredOn = today, publishOn = tooEarly, learningOnly = false });
        Assert.Equal("PublicationPending", (string?)refused["currentState"]);
        Assert.Equal(earliest, (string?)refused["earliestCompliantPublicationDate"]);
        Assert.Contains($"the regulators' copies would be due by {Written(tooEarlyNeedsCopiesBy)}, before today (N10)", (string?)refused["detail"], StringComparison.Ordinal);
        var review = await Client.Get(id);
        Assert.Null(review.KeyDates.PublicationScheduled);
        Assert.DoesNotContain(review.Deliveries, d => d.Kind.ToString() == "FinalReportCopy");
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "N10");

        review = await Client.Apply(id, "PublicationScheduled", new { occurredOn = today, publishOn = earliest, learningOnly = false });
        Assert.Equal("PublicationPending", review.State);
        Assert.Equal(ReviewAssert.Day(earliest), review.KeyDates.PublicationScheduled);
        Assert.Equal(ReviewAssert.Day(copiesDue), review.Deadlines.Where(d => d.Rule == "N10" && d.Status == "open").Min(d => d.DueOn));
        await AssertCopiesOwed(id, profile, copiesDue);
    }

    /// <summary>The rows of the publication tests: a date scheduled on T, the latest date its copies may go, one day late, and the earliest date that day covers.</summary>
    [Theory]
    // National, New Year 2027: Tue 5 Jan needs 7 WD back: 4, (1 Jan skipped) 31, 30, 29, (28, 25 skipped) 24, 23, Tue 22 Dec 2026.
    // Sent Wed 23 Dec instead: the earliest date it covers is Wed 6 Jan (23, 24, 29, 30, 31, 4, 5 are the 7 WD before it).
    [InlineData("national", "2026-12-14", "2027-01-05", "2026-12-22", "2026-12-23", "2027-01-06")]
    // Warrington, Easter 2027: Thu 1 Apr needs 31, 30, (29, 26 skipped) 25, 24, 23, 22, Fri 19 Mar. Sent Mon 22 Mar, the next
    // working day: Fri 2 Apr is the first covered (1 Apr, 31, 30, 25, 24, 23, 22).
    [InlineData("warrington", "2027-03-08", "2027-04-01", "2027-03-19", "2027-03-22", "2027-04-02")]
    // Gloucestershire, summer 2027: Wed 1 Sep needs 31, (30 skipped) 27, 26, 25, 24, 23, Fri 20 Aug. Sent Mon 23 Aug:
    // Thu 2 Sep is the first covered (1, 31, 27, 26, 25, 24, 23).
    [InlineData("gloucestershire", "2027-08-09", "2027-09-01", "2027-08-20", "2027-08-23", "2027-09-02")]
    // LLR, spring 2027: Tue 8 Jun needs 7, 4, 3, 2, 1, (31 May skipped) 28, Thu 27 May. Sent Fri 28 May: Wed 9 Jun is the first
    // covered (8, 7, 4, 3, 2, 1, 28).
    [InlineData("llr", "2027-05-17", "2027-06-08", "2027-05-27", "2027-05-28", "2027-06-09")]
    // Darlington, Christmas 2027: Tue 4 Jan 2028 needs (3 Jan skipped) 31, 30, 29, (28, 27 skipped) 24, 23, 22, Tue 21 Dec.
    // Sent Wed 22 Dec: Wed 5 Jan is the first covered (4, 31, 30, 29, 24, 23, 22).
    [InlineData("darlington", "2027-12-06", "2028-01-04", "2027-12-21", "2027-12-22", "2028-01-05")]
    // Northamptonshire, Easter 2028: Tue 25 Apr needs 14 days back, Tue 11 Apr (7 WD back is 24, 21, 20, 19, 18, (17, 14 skipped)
    // 13, Wed 12 Apr: 14 days is stricter). Sent Wed 12 Apr, in time for the national 7 WD but not for the 14 days:
    // the first covered date is Wed 26 Apr (14 days back 12 Apr; 7 WD back 13 Apr).
    [InlineData("northamptonshire", "2028-04-03", "2028-04-25", "2028-04-11", "2028-04-12", "2028-04-26")]
    public async Task Copies_sent_after_the_latest_compliant_date_refuse_publication_on_that_date_and_the_answer_names_the_first_date_they_cover(
        string profile, string today, string publishOn, string latest, string sentLate, string firstCovered)
    {
        var id = await ReviewAwaitingPublication(profile, today);
        await Client.Apply(id, "PublicationScheduled", new { occurredOn = today, publishOn, learningOnly = false });
        await AssertCopiesOwed(id, profile, latest);

        var review = await SendCopies(id, sentLate, Regulators);
        var missed = Assert.Single(review.Deadlines, d => d.Rule == "N10" && d.DueOn == ReviewAssert.Day(latest));
        Assert.Equal(("missed", ReviewAssert.Day(sentLate)), (missed.Status, missed.MetOn));

        var refused = await Client.Refuse(id, "ReportPublished", new { occurredOn = publishOn, url = ReportUrl, publishedOn = publishOn });
        Assert.Equal("PublicationPending", (string?)refused["currentState"]);
        Assert.Contains(
            $"publishing on {Written(publishOn)} needs the copies sent by {Written(latest)}, but the last went on {Written(sentLate)} (N10)",
            (string?)refused["detail"], StringComparison.Ordinal);
        Assert.Equal(firstCovered, (string?)refused["earliestCompliantPublicationDate"]);
        review = await Client.Get(id);
        Assert.Null(review.KeyDates.Published);

        // The date the answer names really is covered by the copies as sent.
        review = await Client.Apply(id, "ReportPublished", new { occurredOn = firstCovered, url = ReportUrl, publishedOn = firstCovered });
        Assert.Equal("Published", review.State);
        Assert.Equal(ReviewAssert.Day(firstCovered), review.KeyDates.Published);
    }

    [Theory]
    // The same dates as above (worked there); here the last copy goes on the latest compliant date itself.
    [InlineData("national", "2026-12-14", "2027-01-05", "2026-12-22")]
    [InlineData("warrington", "2027-03-08", "2027-04-01", "2027-03-19")]
    [InlineData("gloucestershire", "2027-08-09", "2027-09-01", "2027-08-20")]
    [InlineData("llr", "2027-05-17", "2027-06-08", "2027-05-27")]
    [InlineData("darlington", "2027-12-06", "2028-01-04", "2027-12-21")]
    [InlineData("northamptonshire", "2028-04-03", "2028-04-25", "2028-04-11")]
    public async Task Publication_is_refused_until_every_copy_has_gone_and_accepted_when_the_last_went_on_the_latest_compliant_date(
        string profile, string today, string publishOn, string latest)
    {
        var id = await ReviewAwaitingPublication(profile, today);
        var review = await Client.Apply(id, "PublicationScheduled", new { occurredOn = today, publishOn, learningOnly = false });
        Assert.Equal(ReviewAssert.Day(publishOn), review.KeyDates.PublicationScheduled);
        await AssertCopiesOwed(id, profile, latest);

        var unsent = await Client.Refuse(id, "ReportPublished", new { occurredOn = publishOn, url = ReportUrl, publishedOn = publishOn });
        Assert.Equal("PublicationPending", (string?)unsent["currentState"]);
        Assert.Contains("the regulators' copies of the final report have not all been sent (N10)", (string?)unsent["detail"], StringComparison.Ordinal);

        // Two of the three regulators have their copy: still not all.
        review = await SendCopies(id, latest, "NationalPanel", "Ofsted");
        Assert.All(review.Deadlines.Where(d => d.Rule == "N10"), d => Assert.Equal("open", d.Status));
        var partly = await Client.Refuse(id, "ReportPublished", new { occurredOn = publishOn, url = ReportUrl, publishedOn = publishOn });
        Assert.Contains("have not all been sent (N10)", (string?)partly["detail"], StringComparison.Ordinal);

        // The Secretary of State's copy goes on the latest compliant date itself: in time.
        review = await SendCopies(id, latest, "SecretaryOfState");
        Assert.All(review.Deadlines.Where(d => d.Rule == "N10"), d => Assert.Equal(("met", ReviewAssert.Day(latest)), (d.Status, d.MetOn)));

        review = await Client.Apply(id, "ReportPublished", new { occurredOn = publishOn, url = ReportUrl, publishedOn = publishOn });
        Assert.Equal("Published", review.State);
        Assert.Equal(ReviewAssert.Day(publishOn), review.KeyDates.Published);
        var nspcc = Assert.Single(await Bus.WaitFor<SubmitToNspccRepository>(c => c.ReviewId == id));
        Assert.Equal((new Uri(ReportUrl), ReviewAssert.Day(publishOn)), (nspcc.ReportUrl, nspcc.PublishedOn));
    }

    [Theory]
    // The same dates as above; the copies go in time, then a criminal investigation is recorded as holding publication.
    [InlineData("national", "2026-12-14", "2027-01-05", "2026-12-22")]
    [InlineData("warrington", "2027-03-08", "2027-04-01", "2027-03-19")]
    [InlineData("gloucestershire", "2027-08-09", "2027-09-01", "2027-08-20")]
    [InlineData("llr", "2027-05-17", "2027-06-08", "2027-05-27")]
    [InlineData("darlington", "2027-12-06", "2028-01-04", "2027-12-21")]
    [InlineData("northamptonshire", "2028-04-03", "2028-04-25", "2028-04-11")]
    public async Task A_parallel_proceeding_that_holds_publication_refuses_the_report_sent_in_time_until_it_concludes(
        string profile, string today, string publishOn, string latest)
    {
        var id = await ReviewAwaitingPublication(profile, today);
        await Client.Apply(id, "PublicationScheduled", new { occurredOn = today, publishOn, learningOnly = false });
        var review = await SendCopies(id, latest, Regulators);
        Assert.All(review.Deadlines.Where(d => d.Rule == "N10"), d => Assert.Equal(("met", ReviewAssert.Day(latest)), (d.Status, d.MetOn)));

        var investigation = Guid.NewGuid();
        await Client.Apply(id, "ParallelProceedingRecorded", new { occurredOn = latest, proceedingId = investigation, kind = "CriminalInvestigation", holdsPublication = true });

        var held = await Client.Refuse(id, "ReportPublished", new { occurredOn = publishOn, url = ReportUrl, publishedOn = publishOn });
        Assert.Equal("PublicationPending", (string?)held["currentState"]);
        Assert.Contains("publication is held by a parallel proceeding (CriminalInvestigation, N17)", (string?)held["detail"], StringComparison.Ordinal);
        Assert.False(held.ContainsKey("earliestCompliantPublicationDate"));

        // Nor can the date be moved while it holds: no date complies.
        var moved = await Client.Refuse(id, "PublicationScheduled", new { occurredOn = latest, publishOn, learningOnly = false });
        Assert.Contains("publication is held by a parallel proceeding (CriminalInvestigation, N17)", (string?)moved["detail"], StringComparison.Ordinal);
        Assert.False(moved.ContainsKey("earliestCompliantPublicationDate"));

        await Client.Apply(id, "ParallelProceedingConcluded", new { occurredOn = publishOn, proceedingId = investigation });
        review = await Client.Apply(id, "ReportPublished", new { occurredOn = publishOn, url = ReportUrl, publishedOn = publishOn });
        Assert.Equal("Published", review.State);
        Assert.Equal(ReviewAssert.Day(publishOn), review.KeyDates.Published);
    }

    [Fact]
    public async Task Northamptonshire_copies_are_due_by_the_stricter_of_14_days_and_7_working_days()
    {
        // Easter 2028, publication Tue 25 Apr: 7 WD back is 24, 21, 20, 19, 18, (Easter Mon 17, Good Fri 14 skipped) 13, Wed 12 Apr;
        // 14 days back is Tue 11 Apr. 14 days is the stricter: the copies are due on the 11th.
        var easter = await ReviewAwaitingPublication("northamptonshire", "2028-04-03");
        var review = await Client.Apply(easter, "PublicationScheduled", new { occurredOn = "2028-04-03", publishOn = "2028-04-25", learningOnly = false });
        AssertKey(review, "regulators-copies", "2028-04-12");
        AssertKey(review, "panel-final-report", "2028-04-11");
        await AssertCopiesOwed(easter, "northamptonshire", "2028-04-11");

        // Spring bank holiday 2027, publication Mon 14 Jun: 7 WD back is 11, 10, 9, 8, 7, 4, Thu 3 Jun; 14 days back is Mon 31 May,
        // the bank holiday itself (calendar days do not move off a holiday), four days stricter.
        var spring = await ReviewAwaitingPublication("northamptonshire", "2027-05-17");
        review = await Client.Apply(spring, "PublicationScheduled", new { occurredOn = "2027-05-17", publishOn = "2027-06-14", learningOnly = false });
        AssertKey(review, "regulators-copies", "2027-06-03");
        AssertKey(review, "panel-final-report", "2027-05-31");
        await AssertCopiesOwed(spring, "northamptonshire", "2027-05-31");

        // New Year 2028, publication Tue 4 Jan: 7 WD back is (3 Jan skipped) 31, 30, 29, (28, 27 skipped) 24, 23, 22, Tue 21 Dec;
        // 14 days back is also Tue 21 Dec. Around New Year 7 WD reaches back as far as the 14 days. It never reaches further with
        // the England and Wales holidays: 14 days hold 10 weekdays and at most 3 bank holidays, so always 7 working days.
        var newYear = await ReviewAwaitingPublication("northamptonshire", "2027-12-06");
        review = await Client.Apply(newYear, "PublicationScheduled", new { occurredOn = "2027-12-06", publishOn = "2028-01-04", learningOnly = false });
        AssertKey(review, "regulators-copies", "2027-12-21");
        AssertKey(review, "panel-final-report", "2027-12-21");
        await AssertCopiesOwed(newYear, "northamptonshire", "2027-12-21");

        // Sent the day after, Wed 22 Dec: both duties missed, and publication on 4 Jan refused; the first covered date is
        // Wed 5 Jan (14 days back 22 Dec; 7 WD back 4, 31, 30, 29, 24, 23, 22 Dec: again the two coincide).
        review = await SendCopies(newYear, "2027-12-22", Regulators);
        Assert.All(review.Deadlines.Where(d => d.Rule == "N10"), d => Assert.Equal(("missed", ReviewAssert.Day("2027-12-22")), (d.Status, d.MetOn)));
        var refused = await Client.Refuse(newYear, "ReportPublished", new { occurredOn = "2028-01-04", url = ReportUrl, publishedOn = "2028-01-04" });
        Assert.Equal("2028-01-05", (string?)refused["earliestCompliantPublicationDate"]);
    }

    [Fact]
    public async Task Northamptonshire_holds_publication_for_a_prosecution_even_when_it_is_recorded_as_not_holding()
    {
        // Publication Tue 25 Apr 2028, copies due Tue 11 Apr (worked above), sent that day.
        var id = await ReviewAwaitingPublication("northamptonshire", "2028-04-03");
        await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2028-04-03", publishOn = "2028-04-25", learningOnly = false });
        await SendCopies(id, "2028-04-11", Regulators);

        var prosecution = Guid.NewGuid();
        var review = await Client.Apply(id, "ParallelProceedingRecorded", new { occurredOn = "2028-04-12", proceedingId = prosecution, kind = "Prosecution", holdsPublication = false });
        Assert.False(Assert.Single(review.Proceedings).HoldsPublication);
        var held = await Client.Refuse(id, "ReportPublished", new { occurredOn = "2028-04-25", url = ReportUrl, publishedOn = "2028-04-25" });
        Assert.Contains("publication is held by a parallel proceeding (Prosecution, N17)", (string?)held["detail"], StringComparison.Ordinal);

        // The trial ends on Mon 24 Apr; publication goes ahead on the 25th.
        await Client.Apply(id, "ParallelProceedingConcluded", new { occurredOn = "2028-04-24", proceedingId = prosecution });
        review = await Client.Apply(id, "ReportPublished", new { occurredOn = "2028-04-25", url = ReportUrl, publishedOn = "2028-04-25" });
        Assert.Equal("Published", review.State);
    }

    [Fact]
    public async Task A_published_report_must_stay_available_a_year_and_the_business_unit_is_reminded_before_the_year_ends()
    {
        // Warrington, published Thu 1 Apr 2027 (copies due Fri 19 Mar, worked above): available until at least Sat 1 Apr 2028 (N12).
        var id = await ReviewAwaitingPublication("warrington", "2027-03-08");
        await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-03-08", publishOn = "2027-04-01", learningOnly = false });
        await SendCopies(id, "2027-03-19", Regulators);
        var review = await Client.Apply(id, "ReportPublished", new { occurredOn = "2027-04-01", url = ReportUrl, publishedOn = "2027-04-01" });
        ReviewAssert.Due(review, "N12", "2028-04-01", "open");

        // The business unit is reminded 2 working days before: Fri 31 Mar, Thu 30 Mar 2028 (the pump's reminders are tested in Durability).
        var remindOn = await Durability.Durable.Read(Factory, db => db.Deadlines.Where(d => d.ReviewId == id && d.Rule == "N12").Select(d => d.ApproachingOn).SingleAsync());
        Assert.Equal(ReviewAssert.Day("2028-03-30"), remindOn);
        var submission = Assert.Single(await Bus.WaitFor<SubmitToNspccRepository>(c => c.ReviewId == id));
        Assert.Equal(("warrington", review.Documents.Single().Document), (submission.Partnership, submission.Document));

        // The tests' clock stands at 30 June 2028: the pump sees the year out. Its end is the duty fulfilled, not a
        // breach: no breach notice is owed.
        await Durability.Durable.Pump(Factory);
        await Durability.Durable.Relay(Factory);
        review = await Client.Eventually(id, r => ReviewAssert.Deadline(r, "N12").Status == "met");
        var availability = ReviewAssert.Deadline(review, "N12");
        Assert.Equal(("met", ReviewAssert.Day("2028-04-01")), (availability.Status, availability.MetOn));
        Assert.DoesNotContain(review.Deliveries, d => d.Kind.ToString() == "DeadlineBreach" && d.Rule == "N12");
    }

    [Fact]
    public async Task A_date_is_refused_until_the_report_the_regulators_are_sent_is_attached()
    {
        var id = await ReviewAwaitingPublication("warrington", "2027-03-08", attachReport: false);
        var refused = await Client.Refuse(id, "PublicationScheduled", new { occurredOn = "2027-03-08", publishOn = "2027-04-15", learningOnly = false });
        Assert.Contains("no final report is attached", (string?)refused["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain((await Client.Get(id)).Deliveries, d => d.Kind.ToString() == "FinalReportCopy");

        // Learning only: the learning-only report is what goes, so a full report does not do.
        await Client.AttachReport(id, "2027-03-08");
        refused = await Client.Refuse(id, "PublicationScheduled", new { occurredOn = "2027-03-08", publishOn = "2027-04-15", learningOnly = true });
        Assert.Contains("no learning-only report is attached", (string?)refused["detail"], StringComparison.Ordinal);

        await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-03-08", publishOn = "2027-04-15", learningOnly = false });
        await AssertCopiesOwed(id, "warrington", "2027-04-06");

        // Once the copies are owed, the report they carry is fixed.
        using var replaced = await Client.Upload(id, "FinalReport", System.Text.Encoding.UTF8.GetBytes("A revised report."), "text/plain", "2027-03-09");
        Assert.Equal(System.Net.HttpStatusCode.Conflict, replaced.StatusCode);
    }

    [Fact]
    public async Task Elsewhere_a_prosecution_recorded_as_not_holding_publication_does_not_hold_it()
    {
        // Warrington, publication Thu 1 Apr 2027, copies due Fri 19 Mar (worked above), sent that day.
        var id = await ReviewAwaitingPublication("warrington", "2027-03-08");
        await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-03-08", publishOn = "2027-04-01", learningOnly = false });
        await SendCopies(id, "2027-03-19", Regulators);
        await Client.Apply(id, "ParallelProceedingRecorded", new { occurredOn = "2027-03-22", proceedingId = Guid.NewGuid(), kind = "Prosecution", holdsPublication = false });

        var review = await Client.Apply(id, "ReportPublished", new { occurredOn = "2027-04-01", url = ReportUrl, publishedOn = "2027-04-01" });
        Assert.Equal("Published", review.State);
    }

    [Fact]
    public async Task Moving_publication_earlier_before_the_copies_go_makes_them_due_earlier()
    {
        // Warrington, scheduled on Mon 8 Mar 2027 for Thu 15 Apr: 7 WD back is 14, 13, 12, 9, 8, 7, Tue 6 Apr.
        var id = await ReviewAwaitingPublication("warrington", "2027-03-08");
        var review = await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-03-08", publishOn = "2027-04-15", learningOnly = false });
        ReviewAssert.Due(review, "N10", "2027-04-06", "open");
        await AssertCopiesOwed(id, "warrington", "2027-04-06");

        // Moved the same day to Thu 1 Apr, over Easter: 31, 30, (29, 26 skipped) 25, 24, 23, 22, Fri 19 Mar. Still possible, so
        // accepted; the copies not yet sent are now due on 19 Mar, and sending them on 6 Apr would no longer do.
        review = await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-03-08", publishOn = "2027-04-01", learningOnly = false });
        Assert.Equal(ReviewAssert.Day("2027-04-01"), review.KeyDates.PublicationScheduled);
        Assert.Equal(
            new[] { (ReviewAssert.Day("2027-03-19"), "open"), (ReviewAssert.Day("2027-04-06"), "cancelled") },
            review.Deadlines.Where(d => d.Rule == "N10").OrderBy(d => d.DueOn).Select(d => (d.DueOn, d.Status)));
        var copies = review.Deliveries.Where(d => d.Kind.ToString() == "FinalReportCopy").ToList();
        Assert.Equal(Regulators, copies.Select(d => d.Recipient.ToString()).Order(StringComparer.Ordinal));
        Assert.All(copies, d => Assert.Equal(ReviewAssert.Day("2027-03-19"), d.DueOn));
    }

    [Fact]
    public async Task Moving_publication_later_after_the_copies_went_keeps_the_duty_met()
    {
        // Warrington, scheduled Mon 9 Aug 2027 for Wed 1 Sep: copies due Fri 20 Aug (worked above), sent that day.
        var id = await ReviewAwaitingPublication("warrington", "2027-08-09");
        await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-08-09", publishOn = "2027-09-01", learningOnly = false });
        await SendCopies(id, "2027-08-20", Regulators);

        // Moved to Fri 10 Sep: 7 WD back is 9, 8, 7, 6, 3, 2, Wed 1 Sep. The copies that went on 20 Aug already meet it.
        var review = await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-08-23", publishOn = "2027-09-10", learningOnly = false });
        Assert.Equal(ReviewAssert.Day("2027-09-10"), review.KeyDates.PublicationScheduled);
        var current = Assert.Single(review.Deadlines, d => d.Rule == "N10" && d.DueOn == ReviewAssert.Day("2027-09-01"));
        Assert.Equal(("met", ReviewAssert.Day("2027-08-20")), (current.Status, current.MetOn));
        Assert.DoesNotContain(review.Deadlines, d => d.Rule == "N10" && d.Status == "open");

        review = await Client.Apply(id, "ReportPublished", new { occurredOn = "2027-09-10", url = ReportUrl, publishedOn = "2027-09-10" });
        Assert.Equal("Published", review.State);
    }

    [Fact]
    public async Task Moving_publication_earlier_than_the_copies_already_sent_cover_is_refused()
    {
        // Warrington, scheduled Mon 9 Aug 2027 for Wed 1 Sep: copies due Fri 20 Aug (worked above), sent that day.
        var id = await ReviewAwaitingPublication("warrington", "2027-08-09");
        await Client.Apply(id, "PublicationScheduled", new { occurredOn = "2027-08-09", publishOn = "2027-09-01", learningOnly = false });
        await SendCopies(id, "2027-08-20", Regulators);

        // The same day, the partners try Tue 31 Aug: 7 WD back is (30 skipped) 27, 26, 25, 24, 23, 20, Thu 19 Aug, before both
        // today and the copies. No copy can now go in time for it; the earliest date the copies of today cover is still Wed 1 Sep.
        var refused = await Client.Refuse(id, "PublicationScheduled", new { occurredOn = "2027-08-20", publishOn = "2027-08-31", learningOnly = false });
        Assert.Equal("PublicationPending", (string?)refused["currentState"]);
        Assert.Equal("2027-09-01", (string?)refused["earliestCompliantPublicationDate"]);
        var review = await Client.Get(id);
        Assert.Equal(ReviewAssert.Day("2027-09-01"), review.KeyDates.PublicationScheduled);

        review = await Client.Apply(id, "ReportPublished", new { occurredOn = "2027-09-01", url = ReportUrl, publishedOn = "2027-09-01" });
        Assert.Equal("Published", review.State);
    }

    /// <summary>
    /// Drives a review of <paramref name="profile"/> through HTTP from a local authority notification to a signed-off final
    /// report (PublicationPending), signed off on <paramref name="signedOffOn"/>; every earlier step is dated before it.
    /// Anything the procedure requires before a publication date can be set belongs here.
    /// </summary>
    private async Task<Guid> ReviewAwaitingPublication(string profile, string signedOffOn, bool attachReport = true)
    {
        var signedOff = ReviewAssert.Day(signedOffOn);
        string Before(int days) => signedOff.AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var review = await Client.Open(Referrals.Complete(profile, "LocalAuthorityNotification", Before(150), Before(151)));
        var id = review.Id;
        await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = Before(140), attendees = Referrals.FullMeeting() });
        await Client.Apply(id, "RapidReviewReportDrafted", new { occurredOn = Before(139) });
        await Client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = Before(138), endorsedBy = new[] { "LocalAuthority", "Police", "Icb" } });
        await Client.Apply(id, "RapidReviewOutcomeDecided", new { occurredOn = Before(137), outcome = "LocalReview", reason = "Multi-agency learning for the partnership." });
        await Client.Apply(id, "NationalPanelResponded", new { occurredOn = Before(120), agreesWithOutcome = true, nationalReview = false });
        await Client.Apply(id, "CsprCommissioned", new { occurredOn = Before(118) });
        await Client.Apply(id, "LeadReviewerAppointed", new { occurredOn = Before(110), reviewerName = "Dr Independent", conflictOfInterestDeclared = false });
        await Client.Apply(id, "TermsOfReferenceAgreed", new { occurredOn = Before(100) });
        await Client.Apply(id, "FamilyEngagementRecorded", new { occurredOn = Before(90), invited = true, participated = true });
        if (attachReport)
        {
            await Client.AttachReport(id, Before(5));
        }

        review = await Client.Apply(id, "FinalReportSignedOff", new { occurredOn = signedOffOn });
        Assert.Equal("PublicationPending", review.State);
        Assert.Equal(profile, review.Partnership);
        return id;
    }

    /// <summary>The three regulators' copies are owed (N10), due on <paramref name="dueOn"/>, on the review and on the bus.</summary>
    private async Task AssertCopiesOwed(Guid id, string profile, string dueOn)
    {
        var due = ReviewAssert.Day(dueOn);
        var owed = (await Client.Get(id)).Deliveries.Where(d => d.Kind.ToString() == "FinalReportCopy").ToList();
        Assert.Equal(Regulators, owed.Select(d => d.Recipient.ToString()).Order(StringComparer.Ordinal));
        Assert.All(owed, d => Assert.Equal(("N10", due, "requested"), (d.Rule, d.DueOn, d.Status)));

        var commands = await Bus.WaitFor<SendStatutoryNotification>(c => c.ReviewId == id && c.NotificationKind == "FinalReportCopy", count: 3);
        Assert.Equal(Regulators, commands.Select(c => c.RecipientRole).Order(StringComparer.Ordinal));
        Assert.All(commands, c => Assert.Equal(("N10", due, profile), (c.Rule, c.DueOn, c.Partnership)));
        var report = (await Client.Get(id)).Documents.Last(d => d.Kind == ReportDocumentKind.FinalReport).Document;
        Assert.All(commands, c => Assert.Equal(report, Assert.Single(c.Attachments!)));
    }

    /// <summary>The notification worker reports the copies to <paramref name="recipients"/> sent on <paramref name="sentOn"/> (bus only).</summary>
    private async Task<ReviewView> SendCopies(Guid id, string sentOn, params string[] recipients)
    {
        var copies = (await Client.Get(id)).Deliveries
            .Where(d => d.Kind.ToString() == "FinalReportCopy" && recipients.Contains(d.Recipient.ToString()))
            .ToList();
        Assert.Equal(recipients.Length, copies.Count);
        var bus = Factory.Services.GetRequiredService<IBus>();
        foreach (var copy in copies)
        {
            await bus.Publish(new StatutoryNotificationSent(id, ReviewAssert.Day(sentOn), copy.IdempotencyKey, "FinalReportCopy", copy.Recipient.ToString()));
        }

        var keys = copies.Select(c => c.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        var review = await Client.Eventually(id, r => r.Deliveries.Where(d => keys.Contains(d.IdempotencyKey)).All(d => d.Status == "sent"));
        Assert.All(review.Deliveries.Where(d => keys.Contains(d.IdempotencyKey)), d => Assert.Equal(("sent", ReviewAssert.Day(sentOn)), (d.Status, d.SentOn)));
        return review;
    }

    private static void AssertKey(ReviewView review, string key, string dueOn)
    {
        var deadline = Assert.Single(review.Deadlines, d => d.Key == key && d.Subject is null);
        Assert.Equal(("N10", ReviewAssert.Day(dueOn), "open"), (deadline.Rule, deadline.DueOn, deadline.Status));
    }

    /// <summary>A date as the API's messages write it: 22 Dec 2026.</summary>
    private static string Written(string iso) => ReviewAssert.Day(iso).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
