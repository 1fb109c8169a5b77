using System.Globalization;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Orchestrator.Dashboard;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Dashboard;

/// <summary>The risk board's order: missed first (longest overdue first), then by working days left to the next deadline.</summary>
public sealed class RiskBoardRankingTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.FromFile(WorkingDayCalendar.ShippedDataPath);
    private static readonly DateOnly Today = Date("2026-12-18"); // a Friday, a week before Christmas

    [Fact]
    public void Missed_reviews_come_first_then_the_rest_by_working_days_left_counted_over_bank_holidays()
    {
        Guid a = Id(1), b = Id(2), c = Id(3), d = Id(4);
        var lines = RiskBoard.Rank(
        [
            Owed(a, "N5", "2027-01-13"),
            Owed(b, "N2", "2026-12-29"),                         // Tue 29 Dec: 21, 22, 23, 24 and 29 Dec (25 and 28 are bank holidays) = 5 left
            Owed(b, "N7", "2027-06-30"),
            Owed(c, "N2", "2026-12-16", DeadlineStatus.Missed), // missed two working days ago
            Owed(d, "N5", "2026-12-17"),                         // past due, the pump has not fired yet: missed all the same
            Owed(d, "N2", "2026-12-21"),
        ], Today, Calendar);

        Assert.Equal([c, d, b, a], lines.Select(l => l.ReviewId));
        Assert.Equal([-2, -1, 5, 15], lines.Select(l => l.WorkingDaysLeft));
        Assert.Equal([true, true, false, false], lines.Select(l => l.Missed));
        var second = lines[1];
        Assert.Equal(("N5", Date("2026-12-17"), 1, 2), (second.Rule, second.DueOn, second.MissedCount, second.Outstanding));
        Assert.Equal(("N2", Date("2026-12-29")), (lines[2].Rule, lines[2].DueOn));
    }

    [Fact]
    public void A_deadline_due_today_has_no_working_day_left_and_is_not_yet_missed()
    {
        var line = Assert.Single(RiskBoard.Rank([Owed(Id(1), "N2", "2026-12-18")], Today, Calendar));
        Assert.Equal((0, false), (line.WorkingDaysLeft, line.Missed));
    }

    private static OutstandingDeadline Owed(Guid review, string rule, string due, DeadlineStatus status = DeadlineStatus.Open) =>
        new(review, "warrington", ReviewRoute.LocalAuthorityNotification, "RapidReview", rule, $"duty {rule}", Date(due), status);

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    private static DateOnly Date(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);
}
