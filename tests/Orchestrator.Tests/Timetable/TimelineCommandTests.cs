using Microsoft.Extensions.Configuration;
using Orchestration.Orchestrator.Timetable;

namespace Orchestration.Orchestrator.Tests.Timetable;

public sealed class TimelineCommandTests
{
    [Fact]
    public void Prints_the_Warrington_timetable_for_a_referral_on_18_December_2026()
    {
        var (exit, output, _) = Run("timeline", "--profile", "warrington", "--referral", "2026-12-18");

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        // N5 across Christmas: 25 and 28 December 2026 and 1 January 2027 are skipped (seeds 000 §3.2.2).
        Assert.Contains(lines, l => l.StartsWith("Wed 13 Jan 2027", StringComparison.Ordinal) && l.Contains(" N5 ", StringComparison.Ordinal) && l.Contains("000 §3.2.2", StringComparison.Ordinal));
        // The meeting window, WD 10 to 13 (000 §3.4.7).
        Assert.Contains(lines, l => l.StartsWith("Mon 11 Jan 2027", StringComparison.Ordinal) && l.Contains("Wed 06 Jan 2027", StringComparison.Ordinal) && l.Contains("000 §3.4.7", StringComparison.Ordinal));
        // N7: six months from the projected endorsement, then N10 seven working days before that.
        Assert.Contains(lines, l => l.StartsWith("Tue 13 Jul 2027", StringComparison.Ordinal) && l.Contains(" N7 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Fri 02 Jul 2027", StringComparison.Ordinal) && l.Contains(" N10 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Marks_the_row_a_stricter_rule_supersedes()
    {
        var (exit, output, _) = Run("timeline", "--profile", "northamptonshire", "--referral", "2026-03-02", "--publication", "2026-04-01");

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("Wed 18 Mar 2026", StringComparison.Ordinal) && l.Contains(" N10 ", StringComparison.Ordinal) && !l.Contains("stricter row governs", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Mon 23 Mar 2026", StringComparison.Ordinal) && l.Contains(" N10 ", StringComparison.Ordinal) && l.Contains("stricter row governs", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_profile_is_refused_with_the_loaded_names()
    {
        var (exit, _, error) = Run("timeline", "--profile", "atlantis", "--referral", "2026-12-18");

        Assert.Equal(2, exit);
        Assert.Contains("There is no profile 'atlantis'", error, StringComparison.Ordinal);
        Assert.Contains("warrington", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_referral_date_is_refused()
    {
        var (exit, _, error) = Run("timeline", "--profile", "warrington");

        Assert.NotEqual(0, exit);
        Assert.Contains("--referral", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_bank_holidays_file_stops_the_command_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bank-holidays-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "[]");
        try
        {
            var (exit, _, error) = Run(new Dictionary<string, string?> { ["StatutoryClock:BankHolidaysFile"] = path }, "timeline", "--profile", "warrington", "--referral", "2026-12-18");

            Assert.Equal(1, exit);
            Assert.Contains(path, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Exit, string Output, string Error) Run(params string[] args) => Run(new Dictionary<string, string?>(), args);

    private static (int Exit, string Output, string Error) Run(Dictionary<string, string?> settings, params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TimelineCommand.Run(args, configuration, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
