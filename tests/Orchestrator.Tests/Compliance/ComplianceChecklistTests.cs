using Orchestration.Contracts;
using Orchestration.Orchestrator.Compliance;

namespace Orchestration.Orchestrator.Tests.Compliance;

/// <summary>
/// The statutory checklist with worked dates on every profile. The reference case: a local authority notification
/// received and known on Monday 2 March 2026 (no bank holiday until Good Friday, 3 April); N2 is due 5 working days
/// later, Monday 9 March (Northamptonshire also 5 calendar days, Saturday 7 March); N5 is due 15 working days after
/// receipt, Monday 23 March (Darlington: after the Panel's acknowledgement on Wednesday 4 March, so Wednesday 25 March).
/// </summary>
public class ComplianceChecklistTests
{
    public static TheoryData<string> EveryProfile => ["national", "warrington", "gloucestershire", "llr", "darlington", "northamptonshire"];

    [Theory]
    [MemberData(nameof(EveryProfile))]
    public void N2_notification_on_the_last_working_day_is_met_and_a_day_later_is_missed(string profile)
    {
        var onTime = CaseRecord.Open(profile, ReviewRoute.LocalAuthorityNotification, "2026-03-02", "2026-03-02").Notified("2026-03-06").Checklist("2026-03-10");
        var late = CaseRecord.Open(profile, ReviewRoute.LocalAuthorityNotification, "2026-03-02", "2026-03-02").Notified("2026-03-10").Checklist("2026-03-10");

        var workingDays = onTime.Single(i => i.Rule == "N2" && i.DueOn == Day("2026-03-09"));
        Assert.Equal((Day("2026-03-06"), ComplianceStatus.Met), (workingDays.ActualOn, workingDays.Status));
        var lateItem = late.Single(i => i.Rule == "N2" && i.DueOn == Day("2026-03-09"));
        Assert.Equal((Day("2026-03-10"), ComplianceStatus.Missed, "done 1 working day(s) late"), (lateItem.ActualOn, lateItem.Status, lateItem.Note));

        // Five calendar days: Northamptonshire's own timescale, and Darlington's reading of the same duty (an aim with no deadline).
        var calendarDays = late.Where(i => i.Rule == "N2" && i.DueOn == Day("2026-03-07")).ToList();
        Assert.Equal(profile is "northamptonshire" or "darlington" ? 1 : 0, calendarDays.Count);
        Assert.All(calendarDays, i => Assert.Equal(ComplianceStatus.Missed, i.Status));
        Assert.All(onTime.Where(i => i.Rule == "N2"), i => Assert.Equal(ComplianceStatus.Met, i.Status));
    }

    [Theory]
    [InlineData("national")]
    [InlineData("warrington")]
    [InlineData("llr")]
    [InlineData("gloucestershire")]
    [InlineData("northamptonshire")]
    public void N2_is_not_applicable_to_an_agency_referral_where_only_the_local_authority_notifies(string profile)
    {
        var items = CaseRecord.Open(profile, ReviewRoute.AgencyReferral, "2026-03-02", "2026-03-02").Checklist("2026-03-20");
        var n2 = Assert.Single(items, i => i.Rule == "N2");
        Assert.Equal(ComplianceStatus.NotApplicable, n2.Status);
    }

    [Fact]
    public void N2_applies_to_a_Darlington_agency_referral_too()
    {
        var items = CaseRecord.Open("darlington", ReviewRoute.AgencyReferral, "2026-03-02", "2026-03-02").Checklist("2026-03-20");
        var n2 = Assert.Single(items, i => i.Rule == "N2" && i.DueOn == Day("2026-03-09"));
        Assert.Equal((null, ComplianceStatus.Missed, "not done by the due date"), (n2.ActualOn, n2.Status, n2.Note));
    }

    [Theory]
    [InlineData("national", "2026-03-23")]
    [InlineData("warrington", "2026-03-23")]
    [InlineData("gloucestershire", "2026-03-23")]
    [InlineData("llr", "2026-03-23")]
    [InlineData("northamptonshire", "2026-03-23")]
    [InlineData("darlington", "2026-03-25")]
    public void N5_decision_to_the_Panel_on_the_fifteenth_working_day_is_met_and_the_next_day_missed(string profile, string due)
    {
        foreach (var (submitted, status) in new[] { (due, ComplianceStatus.Met), (NextWorkingDay(due), ComplianceStatus.Missed) })
        {
            var items = Reviewed(profile, submitted).Checklist("2026-04-15");
            var n5 = Assert.Single(items, i => i.Rule == "N5");
            Assert.Equal((Day(due), Day(submitted), status), (n5.DueOn!.Value, n5.ActualOn!.Value, n5.Status));
        }
    }

    [Fact]
    public void N5_in_Darlington_is_pending_until_the_Panel_acknowledges_then_counted_from_the_acknowledgement()
    {
        var record = CaseRecord.Open("darlington", ReviewRoute.LocalAuthorityNotification, "2026-03-02", "2026-03-02");
        var before = Assert.Single(record.Checklist("2026-03-03"), i => i.Rule == "N5");
        Assert.Equal((null, ComplianceStatus.Pending), (before.DueOn, before.Status));
        var after = Assert.Single(record.Acknowledged("2026-03-04").Checklist("2026-03-05"), i => i.Rule == "N5");
        Assert.Equal((Day("2026-03-25"), ComplianceStatus.Pending), (after.DueOn!.Value, after.Status));
    }

    [Fact]
    public void Darlington_App_5_meeting_within_7_to_10_working_days_of_the_acknowledgement_meets_every_aim()
    {
        // Acknowledged Wed 4 Mar 2026: 15 WD -> Wed 25 Mar; the aim 7-10 WD -> Fri 13 to Wed 18 Mar; "fifteen days" -> Thu 19 Mar.
        var items = CaseRecord.Open("darlington", ReviewRoute.LocalAuthorityNotification, "2026-03-02", "2026-03-02")
            .Acknowledged("2026-03-04").MeetingHeld("2026-03-16").Checklist("2026-03-17");
        var meeting = items.Where(i => i.Rule.StartsWith("darlington:rapid-review-meeting", StringComparison.Ordinal)).ToDictionary(i => i.Rule, i => (i.DueOn, i.ActualOn, i.Status));
        Assert.Equal((Day("2026-03-25"), Day("2026-03-16"), ComplianceStatus.Met), meeting["darlington:rapid-review-meeting"]);
        Assert.Equal((Day("2026-03-18"), Day("2026-03-16"), ComplianceStatus.Met), meeting["darlington:rapid-review-meeting-target"]);
        Assert.Equal((Day("2026-03-19"), Day("2026-03-16"), ComplianceStatus.Met), meeting["darlington:rapid-review-meeting-calendar-days"]);
        Assert.Contains("13 Mar 2026 and 18 Mar 2026", items.Single(i => i.Rule == "darlington:rapid-review-meeting-target").Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-12", ComplianceStatus.Missed, ComplianceStatus.Met)]
    [InlineData("2026-03-20", ComplianceStatus.Missed, ComplianceStatus.Missed)]
    public void Darlington_App_5_meeting_outside_the_aim_is_missed_but_within_15_working_days_is_met(string held, ComplianceStatus aim, ComplianceStatus fifteenDays)
    {
        var items = CaseRecord.Open("darlington", ReviewRoute.LocalAuthorityNotification, "2026-03-02", "2026-03-02")
            .Acknowledged("2026-03-04").MeetingHeld(held).Checklist("2026-03-26");
        Assert.Equal(aim, items.Single(i => i.Rule == "darlington:rapid-review-meeting-target").Status);
        Assert.Equal(fifteenDays, items.Single(i => i.Rule == "darlington:rapid-review-meeting-calendar-days").Status);
        Assert.Equal(ComplianceStatus.Met, items.Single(i => i.Rule == "darlington:rapid-review-meeting").Status);
    }

    [Fact]
    public void A_Warrington_meeting_in_its_window_of_working_days_10_to_13_is_met()
    {
        // Received Mon 2 Mar 2026: WD 10-13 is Mon 16 to Thu 19 Mar.
        var items = CaseRecord.Open("warrington", ReviewRoute.LocalAuthorityNotification, "2026-03-02", "2026-03-02").MeetingHeld("2026-03-19").Checklist("2026-03-20");
        var meeting = Assert.Single(items, i => i.Rule == "warrington:rapid-review-meeting");
        Assert.Equal((Day("2026-03-19"), ComplianceStatus.Met), (meeting.DueOn!.Value, meeting.Status));
    }

    [Theory]
    [MemberData(nameof(EveryProfile))]
    public void A_local_CSPR_published_within_six_months_meets_N7_N9_N10_N13_and_owes_no_N8_or_N11(string profile)
    {
        // Decided 23 Mar 2026 (Darlington 25 Mar): N7 due 23 (25) Sep 2026. Publication Mon 21 Sep 2026: copies due 7 WD
        // before, Thu 10 Sep (Northamptonshire also 14 days before, Mon 7 Sep); sent Fri 4 Sep. Available until 21 Sep 2027.
        var decided = profile == "darlington" ? "2026-03-25" : "2026-03-23";
        var items = Reviewed(profile, decided)
            .LeadReviewerAppointed("2026-04-01", sentOn: "2026-04-01")
            .PublicationScheduled("2026-09-21", on: "2026-08-20")
            .CopiesSent("2026-09-04")
            .Published("2026-09-21", nspccSentOn: "2026-09-21")
            .Checklist("2026-10-01");

        Assert.Equal((Day(decided).AddMonths(6), Day("2026-09-21"), ComplianceStatus.Met), Row(items, "N7"));
        Assert.Equal((Day("2026-04-01"), Day("2026-04-01"), ComplianceStatus.Met), Row(items, "N9"));
        Assert.Equal(ComplianceStatus.NotApplicable, Assert.Single(items, i => i.Rule == "N8").Status);
        Assert.Equal(ComplianceStatus.NotApplicable, Assert.Single(items, i => i.Rule == "N11").Status);
        Assert.Equal((Day("2026-09-21"), Day("2026-09-21"), ComplianceStatus.Met), Row(items, "N13"));
        Assert.Equal((Day("2027-09-21"), null, ComplianceStatus.Pending), Row(items, "N12"));
        var copies = items.Where(i => i.Rule == "N10").OrderBy(i => i.DueOn).Select(i => (i.DueOn, i.ActualOn, i.Status)).ToList();
        var expected = profile == "northamptonshire"
            ? new[] { (Day("2026-09-07"), Day("2026-09-04"), ComplianceStatus.Met), (Day("2026-09-10"), Day("2026-09-04"), ComplianceStatus.Met) }
            : [(Day("2026-09-10"), Day("2026-09-04"), ComplianceStatus.Met)];
        Assert.Equal(expected.Select(e => ((DateOnly?)e.Item1, (DateOnly?)e.Item2, e.Item3)), copies);
    }

    [Theory]
    [MemberData(nameof(EveryProfile))]
    public void A_local_CSPR_published_late_without_a_delay_report_misses_N7_and_N8_and_late_copies_miss_N10(string profile)
    {
        var decided = profile == "darlington" ? "2026-03-25" : "2026-03-23";
        var items = Reviewed(profile, decided)
            .LeadReviewerAppointed("2026-04-01", sentOn: null)
            .PublicationScheduled("2026-10-05", on: "2026-09-01")
            .CopiesSent("2026-09-28")
            .Published("2026-10-05", nspccSentOn: null)
            .Checklist("2026-10-06");

        // Copies due 7 WD before Mon 5 Oct: Thu 24 Sep (Northamptonshire 14 days before: Mon 21 Sep); sent Mon 28 Sep.
        var n7 = Assert.Single(items, i => i.Rule == "N7");
        Assert.Equal((Day(decided).AddMonths(6), Day("2026-10-05"), ComplianceStatus.Missed), (n7.DueOn!.Value, n7.ActualOn!.Value, n7.Status));
        Assert.Equal((Day(decided).AddMonths(6), null, ComplianceStatus.Missed), Row(items, "N8"));
        Assert.All(items.Where(i => i.Rule == "N10"), i => Assert.Equal(ComplianceStatus.Missed, i.Status));
        Assert.Contains(items, i => i.Rule == "N10" && i.DueOn == Day("2026-09-24"));
        Assert.Equal(profile == "northamptonshire", items.Any(i => i.Rule == "N10" && i.DueOn == Day("2026-09-21")));
        Assert.Equal(ComplianceStatus.Pending, Assert.Single(items, i => i.Rule == "N9").Status);
        Assert.Equal(ComplianceStatus.Pending, Assert.Single(items, i => i.Rule == "N13").Status);
    }

    [Theory]
    [InlineData("2026-09-01", ComplianceStatus.Met)]
    [InlineData("2026-09-30", ComplianceStatus.Missed)]
    public void N8_a_delay_reported_before_the_six_months_end_is_met_and_after_is_missed(string reported, ComplianceStatus expected)
    {
        var items = Reviewed("warrington", "2026-03-23").DelayReported(reported, "2026-11-30").Checklist("2026-10-06");
        Assert.Equal((Day("2026-09-23"), Day(reported), expected), Row(items, "N8"));
        Assert.Equal(ComplianceStatus.Missed, Assert.Single(items, i => i.Rule == "N7").Status);
    }

    [Fact]
    public void N8_is_pending_while_the_six_months_run()
    {
        var items = Reviewed("llr", "2026-03-23").Checklist("2026-06-01");
        Assert.Equal((Day("2026-09-23"), null, ComplianceStatus.Pending), Row(items, "N8"));
        Assert.Equal((Day("2026-09-23"), null, ComplianceStatus.Pending), Row(items, "N7"));
    }

    [Fact]
    public void N11_a_decision_not_to_publish_is_met_when_the_justification_is_sent_and_N10_N12_N13_are_not_applicable()
    {
        var items = Reviewed("gloucestershire", "2026-03-23").PublicationScheduled("2026-09-21", on: "2026-08-20")
            .NotPublished("2026-09-01", sentOn: "2026-09-02").Checklist("2026-09-03");
        Assert.Equal((Day("2026-09-01"), Day("2026-09-02"), ComplianceStatus.Met), Row(items, "N11"));
        Assert.All(items.Where(i => i.Rule is "N10" or "N12" or "N13"), i => Assert.Equal(ComplianceStatus.NotApplicable, i.Status));
    }

    [Fact]
    public void N12_is_met_once_the_published_report_has_been_available_for_a_year()
    {
        var items = Reviewed("national", "2026-03-23").PublicationScheduled("2026-09-21", "2026-08-20").CopiesSent("2026-09-04")
            .Published("2026-09-21", "2026-09-21").Checklist("2027-09-22");
        Assert.Equal((Day("2027-09-21"), Day("2027-09-21"), ComplianceStatus.Met), Row(items, "N12"));
    }

    [Theory]
    [MemberData(nameof(EveryProfile))]
    public void Without_a_local_CSPR_N7_N8_N9_N10_N11_N12_N13_are_not_applicable(string profile)
    {
        var decided = profile == "darlington" ? "2026-03-25" : "2026-03-23";
        var record = Reviewed(profile, decided, RapidReviewOutcome.NoFurtherReview);
        record.Review.CurrentState = "NoFurtherReview";
        var items = record.Checklist("2026-10-06");
        Assert.All(items.Where(i => i.Rule is "N7" or "N8" or "N9" or "N10" or "N11" or "N12" or "N13"), i => Assert.Equal(ComplianceStatus.NotApplicable, i.Status));
        Assert.Equal(ComplianceStatus.Met, Assert.Single(items, i => i.Rule == "N5").Status);
    }

    [Theory]
    [MemberData(nameof(EveryProfile))]
    public void N18_a_learning_action_completed_by_its_due_date_is_met_and_one_completed_later_is_missed(string profile)
    {
        // Due Tue 1 Dec 2026; completed Mon 30 Nov, or Thu 3 Dec (2 working days late).
        var items = Reviewed(profile, profile == "darlington" ? "2026-03-25" : "2026-03-23")
            .Action("A1", "2026-10-01", "2026-12-01").Completed("A1", "2026-11-30")
            .Action("A2", "2026-10-01", "2026-12-01").Completed("A2", "2026-12-03")
            .Checklist("2026-12-10");
        var a1 = Assert.Single(items, i => i.Check == "Learning action 'A1' completed");
        var a2 = Assert.Single(items, i => i.Check == "Learning action 'A2' completed");
        Assert.Equal(("N18", Day("2026-12-01"), Day("2026-11-30"), ComplianceStatus.Met), (a1.Rule, a1.DueOn!.Value, a1.ActualOn!.Value, a1.Status));
        Assert.Equal((ComplianceStatus.Missed, "completed 2 working day(s) late"), (a2.Status, a2.Note));

        // Darlington escalates an action 3 and 6 months past its deadline; completed before, no escalation was owed.
        var escalations = items.Where(i => i.Check.StartsWith("Learning action 'A1': ", StringComparison.Ordinal)).ToList();
        Assert.Equal(profile == "darlington" ? 2 : 0, escalations.Count);
        Assert.All(escalations, i => Assert.Equal(ComplianceStatus.NotApplicable, i.Status));
    }

    [Fact]
    public void N18_a_Darlington_action_outstanding_three_months_past_due_is_missed_and_escalated_to_the_Head_of_Service_on_time()
    {
        // Due Tue 1 Dec 2026: Head of Service at 3 months (Mon 1 Mar 2027), Chief Officer at 6 (Tue 1 Jun 2027).
        var items = Reviewed("darlington", "2026-03-25").Action("A1", "2026-10-01", "2026-12-01")
            .ClockFiredFor("A1", "2027-03-10").Checklist("2027-03-10");
        Assert.Equal(ComplianceStatus.Missed, items.Single(i => i.Check == "Learning action 'A1' completed").Status);
        var escalations = items.Where(i => i.Check.StartsWith("Learning action 'A1': ", StringComparison.Ordinal)).OrderBy(i => i.DueOn).ToList();
        Assert.Equal(
            new (DateOnly, DateOnly?, ComplianceStatus)[] { (Day("2027-03-01"), Day("2027-03-02"), ComplianceStatus.Met), (Day("2027-06-01"), null, ComplianceStatus.Pending) },
            escalations.Select(i => (i.DueOn!.Value, i.ActualOn, i.Status)));
    }

    private static CaseRecord Reviewed(string profile, string submitted, RapidReviewOutcome outcome = RapidReviewOutcome.LocalReview)
    {
        var record = CaseRecord.Open(profile, ReviewRoute.LocalAuthorityNotification, "2026-03-02", "2026-03-02").Notified("2026-03-06");
        if (profile == "darlington")
        {
            record.Acknowledged("2026-03-04");
        }

        return record.MeetingHeld("2026-03-16").Submitted(submitted, outcome);
    }

    private static (DateOnly? DueOn, DateOnly? ActualOn, ComplianceStatus Status) Row(IEnumerable<ComplianceItem> items, string rule)
    {
        var item = Assert.Single(items, i => i.Rule == rule);
        return (item.DueOn, item.ActualOn, item.Status);
    }

    private static string NextWorkingDay(string date) =>
        CaseRecord.Calendar.AddWorkingDays(Day(date), 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly Day(string iso) => CaseRecord.Day(iso);
}
