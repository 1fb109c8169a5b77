using System.Globalization;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Reports;
using Orchestration.Orchestrator.Reviews;
using Orchestration.Orchestrator.Tests.Compliance;

namespace Orchestration.Orchestrator.Tests.Reports;

/// <summary>
/// A year of reviews generated from a seed (printed in the names of the values, replayable), reported on, and every
/// figure checked against counts the test computes from its own script of the year, not from the review records.
/// </summary>
public class PartnershipReportTests
{
    private const int Seed = 20260101;
    private static readonly DateOnly From = new(2026, 1, 1);
    private static readonly DateOnly To = new(2026, 12, 31);
    private static readonly DateOnly AsOf = new(2027, 6, 30);

    [Fact]
    public void A_seeded_year_reports_the_counts_the_script_of_the_year_gives()
    {
        var year = Script();
        foreach (var partnership in new[] { "warrington", "llr" })
        {
            var mine = year.Where(c => c.Partnership == partnership).ToList();
            var report = PartnershipReport.Build(year.Select(c => c.Record.Review), [partnership], From, To, AsOf, CaseRecord.Profiles, CaseRecord.Calendar);

            var received = mine.Where(c => In(c.Received)).ToList();
            Assert.Equal(received.Count, report.Referrals);
            Assert.Equal(received.Count(c => c.Agency), report.ReferralsByRouteAndOutcome.Where(r => r.Route == ReviewRoute.AgencyReferral).Sum(r => r.Count));
            Assert.Equal(received.Count(c => c.Agency), report.ReferralsByRouteAndOutcome.Single(r => r.Route == ReviewRoute.AgencyReferral).Count);
            foreach (var outcome in new[] { RapidReviewOutcome.LocalReview, RapidReviewOutcome.NoFurtherReview, RapidReviewOutcome.AlternativeReview })
            {
                Assert.Equal(received.Count(c => !c.Agency && c.Outcome == outcome),
                    report.ReferralsByRouteAndOutcome.SingleOrDefault(r => r.Route == ReviewRoute.LocalAuthorityNotification && r.Outcome == outcome.ToString())?.Count ?? 0);
            }

            Assert.Equal(mine.Count(c => !c.Agency && In(c.Submitted)), report.RapidReviews);
            Assert.Equal(mine.Count(c => c.Outcome == RapidReviewOutcome.LocalReview && In(c.Submitted)), report.LocalCsprs);

            var n2 = mine.Where(c => !c.Agency && In(c.N2Due)).ToList();
            var n2Row = report.Timeliness.Single(t => t.Rule == "N2");
            Assert.Equal((n2.Count(c => c.Notified <= c.N2Due), n2.Count(c => c.Notified > c.N2Due)), (n2Row.Met, n2Row.Missed));
            Assert.Equal(Math.Round(100m * n2Row.Met / n2.Count, 1), n2Row.PercentMet);
            Assert.Equal(n2.Where(c => c.Notified > c.N2Due).Select(c => c.Record.Review.CorrelationId).Order(), n2Row.LateCases.Select(l => l.ReviewId).Order());

            var n5 = mine.Where(c => !c.Agency && In(c.N5Due)).ToList();
            var n5Row = report.Timeliness.Single(t => t.Rule == "N5");
            Assert.Equal((n5.Count(c => c.SubmittedAfter <= 15), n5.Count(c => c.SubmittedAfter > 15)), (n5Row.Met, n5Row.Missed));
            Assert.All(n5Row.LateCases, l => Assert.Equal(mine.Single(c => c.Record.Review.CorrelationId == l.ReviewId).SubmittedAfter - 15, l.WorkingDaysLate));

            var toPanel = mine.Where(c => !c.Agency && In(c.Submitted)).Select(c => c.SubmittedAfter).ToList();
            Assert.Equal(MedianOf(toPanel), report.Stages.Single(s => s.Stage.Contains("(N5)", StringComparison.Ordinal)).MedianWorkingDays);

            var published = mine.Where(c => In(c.Published)).ToList();
            Assert.Equal(published.Count, report.Publications.Count);
            Assert.Equal(published.Count(c => c.Published <= c.Submitted!.Value.AddMonths(6)), report.Publications.Count(p => p.WithinSixMonths == true));
            Assert.Empty(report.DecisionsNotToPublish);
            Assert.True(n2.Count > 5 && n5.Count > 5 && published.Count > 1, $"seed {Seed}: the year should exercise every figure");
        }

        var hub = PartnershipReport.Build(year.Select(c => c.Record.Review), ["warrington", "llr"], From, To, AsOf, CaseRecord.Profiles, CaseRecord.Calendar);
        Assert.Equal(year.Count(c => In(c.Received)), hub.Referrals);
        Assert.Equal(["llr", "warrington"], hub.ByPartnership.Select(p => p.Partnership));
        Assert.Equal(year.Count(c => c.Partnership == "llr" && In(c.Received)), hub.ByPartnership[0].Referrals);
        Assert.Equal(hub.Timeliness.Sum(t => t.Met), hub.ByPartnership.Sum(p => p.DutiesMet));
    }

    [Fact]
    public void Learning_actions_are_counted_open_overdue_escalated_and_the_reason_for_leaving_one_undone_is_reported()
    {
        var open = Reviewed("2026-03-02").Action("A1", "2026-10-01", "2027-12-01");
        var overdue = Reviewed("2026-03-03").Action("B1", "2026-10-01", "2027-01-15");
        overdue.Review.LearningActions[0].Status = LearningActionStatus.EscalatedToHeadOfService;
        var done = Reviewed("2026-03-04").Action("C1", "2026-10-01", "2026-11-01").Completed("C1", "2026-11-03");
        var closed = Reviewed("2026-03-05").Action("D1", "2026-10-01", "2026-11-30").Closed("2026-12-15", "The partners agreed the action was overtaken by the new service model.");
        var report = PartnershipReport.Build([open.Review, overdue.Review, done.Review, closed.Review], ["warrington"], From, To, AsOf, CaseRecord.Profiles, CaseRecord.Calendar);

        Assert.Equal(new LearningActionTotals(Open: 1, Overdue: 2, Escalated: 1, CompletedInPeriod: 1, CompletedLateInPeriod: 1), report.LearningActions);
        var undone = Assert.Single(report.NotImplemented);
        Assert.Equal(("D1", "The partners agreed the action was overtaken by the new service model."), (undone.ActionId, undone.Reason));
        Assert.Contains("overtaken by the new service model", ReportRendering.AnnualReportSection(report), StringComparison.Ordinal);
    }

    [Fact]
    public void The_exports_carry_the_figures_and_no_personal_data()
    {
        var year = Script();
        foreach (var review in year.Select(c => c.Record.Review))
        {
            review.ReferrerEmail = "jo.referrer@council.example";
            review.LeadReviewer = review.Outcome == RapidReviewOutcome.LocalReview ? "Dr Morgan Ellis" : null;
        }

        var report = PartnershipReport.Build(year.Select(c => c.Record.Review), ["warrington"], From, To, AsOf, CaseRecord.Profiles, CaseRecord.Calendar);
        var csv = ReportRendering.Csv(report);
        var html = ReportRendering.Html(report);
        var annual = ReportRendering.AnnualReportSection(report);
        var n2 = report.Timeliness.Single(t => t.Rule == "N2");
        Assert.Contains($"timeliness,warrington,N2,{n2.PercentMet!.Value.ToString("0.0", CultureInfo.InvariantCulture)},\"{n2.Met} met, {n2.Missed} missed\"", csv, StringComparison.Ordinal);
        Assert.Equal(n2.LateCases.Count, csv.Split("\r\n").Count(l => l.StartsWith("late case,warrington,N2,", StringComparison.Ordinal)));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains($"{report.Referrals} referrals or notifications", annual, StringComparison.Ordinal);
        foreach (var text in new[] { csv, html, annual })
        {
            Assert.DoesNotContain("jo.referrer", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Morgan Ellis", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Improve practice", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new int[0], null)]
    [InlineData(new[] { 7 }, 7.0)]
    [InlineData(new[] { 15, 9, 12 }, 12.0)]
    [InlineData(new[] { 15, 9, 12, 10 }, 11.0)]
    [InlineData(new[] { 3, 4 }, 3.5)]
    public void The_median_of_working_days_is_the_middle_value_or_the_mean_of_the_middle_two(int[] values, double? median) =>
        Assert.Equal(median is null ? null : (decimal)median.Value, PartnershipReport.Median(values));

    private static bool In(DateOnly? date) => date is { } d && d >= From && d <= To;

    private static decimal? MedianOf(List<int> values) => PartnershipReport.Median(values);

    private static CaseRecord Reviewed(string received) =>
        CaseRecord.Open("warrington", ReviewRoute.LocalAuthorityNotification, received, received).Notified(received)
            .MeetingHeld(received).Submitted(received);

    // The script of the year: referrals from December 2025 to January 2027 (so the period's edges are crossed), a fifth
    // of them agency referrals closed without a Rapid Review, the rest notifications with N2 and N5 met or missed at
    // random, then a local CSPR (published within or after six months, or not yet), no further review, or another review.
    private static List<ScriptedCase> Script()
    {
        var random = new Random(Seed);
        var calendar = CaseRecord.Calendar;
        var year = new List<ScriptedCase>();
        for (var i = 0; i < 120; i++)
        {
            var partnership = i % 2 == 0 ? "warrington" : "llr";
            var received = calendar.AddWorkingDays(new DateOnly(2025, 11, 28).AddDays(random.Next(0, 420)), 1);
            var iso = Iso(received);
            if (random.Next(5) == 0)
            {
                var record = CaseRecord.Open(partnership, ReviewRoute.AgencyReferral, iso, iso).ClosedWithoutRapidReview(Iso(calendar.AddWorkingDays(received, 2)));
                year.Add(new ScriptedCase(partnership, record, true, received, null, null, null, 0, null, null));
                continue;
            }

            var notifiedAfter = random.Next(1, 8);
            var submittedAfter = random.Next(10, 19);
            var notified = calendar.AddWorkingDays(received, notifiedAfter);
            var submitted = calendar.AddWorkingDays(received, submittedAfter);
            var outcome = (RapidReviewOutcome)new[] { 0, 1, 2 }.Select(k => k switch { 0 => (int)RapidReviewOutcome.LocalReview, 1 => (int)RapidReviewOutcome.NoFurtherReview, _ => (int)RapidReviewOutcome.AlternativeReview }).ElementAt(random.Next(3));
            var review = CaseRecord.Open(partnership, ReviewRoute.LocalAuthorityNotification, iso, iso)
                .Notified(Iso(notified)).MeetingHeld(Iso(calendar.AddWorkingDays(received, 9))).Submitted(Iso(submitted), outcome);
            DateOnly? published = null;
            if (outcome == RapidReviewOutcome.LocalReview)
            {
                var publishOn = calendar.AddWorkingDays(submitted.AddDays(random.Next(120, 240)), 1);
                if (publishOn <= AsOf)
                {
                    review.PublicationScheduled(Iso(publishOn), Iso(publishOn.AddDays(-30))).CopiesSent(Iso(publishOn.AddDays(-14))).Published(Iso(publishOn), Iso(publishOn));
                    published = publishOn;
                }
            }
            else
            {
                review.Review.CurrentState = outcome.ToString();
            }

            year.Add(new ScriptedCase(partnership, review, false, received, notified, calendar.AddWorkingDays(received, 5), submitted, submittedAfter, outcome, published)
            {
                N5Due = calendar.AddWorkingDays(received, 15),
            });
        }

        return year;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record ScriptedCase(
        string Partnership, CaseRecord Record, bool Agency, DateOnly Received, DateOnly? Notified, DateOnly? N2Due, DateOnly? Submitted,
        int SubmittedAfter, RapidReviewOutcome? Outcome, DateOnly? Published)
    {
        public DateOnly? N5Due { get; init; }
    }
}
