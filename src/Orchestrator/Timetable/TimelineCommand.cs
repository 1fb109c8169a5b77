using System.CommandLine;
using System.Globalization;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Orchestration.Orchestrator.Hosting;
using Orchestration.Orchestrator.Profiles;

namespace Orchestration.Orchestrator.Timetable;

/// <summary>
/// The <c>timeline</c> verb: prints a profile's full statutory timetable for a referral date as a table,
/// each row with its due date, rule id and source reference.
/// </summary>
public static class TimelineCommand
{
    public const string Verb = "timeline";

    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var profile = new Option<string>("--profile") { Description = "The procedure profile, e.g. warrington.", Required = true };
        var referral = new Option<string>("--referral") { Description = "The date the referral or notification was received (YYYY-MM-DD).", Required = true };
        var aware = new Option<string?>("--aware") { Description = "The date the referrer became aware of the incident; default: the referral date." };
        var acknowledged = new Option<string?>("--acknowledged") { Description = "The date the National Panel acknowledged the notification; default: projected." };
        var endorsed = new Option<string?>("--endorsed") { Description = "The date the partners endorsed the Rapid Review report (the CSPR's six months start); default: projected." };
        var publication = new Option<string?>("--publication") { Description = "The planned publication date; default: projected." };
        var route = new Option<string?>("--route") { Description = $"Only the timescales of one route: {string.Join(", ", Enum.GetNames<ReviewRouteKind>())}." };

        var timeline = new Command(Verb, "Print a profile's full statutory timetable for a referral date.")
        {
            profile, referral, aware, acknowledged, endorsed, publication, route,
        };
        timeline.SetAction(parsed =>
        {
            var options = StatutoryClockOptions.From(configuration);
            WorkingDayCalendar calendar;
            ProfileCatalogue profiles;
            try
            {
                calendar = WorkingDayCalendar.FromConfiguredFile(options.BankHolidaysFile);
                profiles = ProfileLoader.LoadConfiguredDirectory(options.ProfilesDirectory);
            }
            catch (Exception ex) when (ex is CalendarDataException or ProfileValidationException)
            {
                error.WriteLine(ex.Message);
                return 1;
            }

            var request = new TimetableRequest(
                parsed.GetValue(profile)!, parsed.GetValue(referral), parsed.GetValue(aware), parsed.GetValue(acknowledged),
                parsed.GetValue(endorsed), parsed.GetValue(publication), parsed.GetValue(route));
            var answer = request.Draw(profiles, calendar);
            if (answer.Errors.Count > 0 || answer.Profile is null)
            {
                foreach (var message in answer.Errors.Values.SelectMany(m => m))
                {
                    error.WriteLine(message);
                }

                return 2;
            }

            Print(answer, calendar, output);
            return 0;
        });

        var root = new RootCommand("Child Safeguarding Practice Review orchestrator.") { timeline };
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static void Print(TimetableAnswer answer, WorkingDayCalendar calendar, TextWriter output)
    {
        var profile = answer.Profile!;
        output.WriteLine($"{profile.DisplayName} ({profile.Name}): statutory timetable");
        output.WriteLine($"Bank holidays: {calendar.SourceName} (published {calendar.FirstPublishedYear}-{calendar.LastPublishedYear}; other years by rule)");
        output.WriteLine();

        string[] headings = ["Due", "Window opens", "Rule", "Step", "Timescale", "Counted from", "Source"];
        var rows = answer.Rows.Select(row => new[]
        {
            Format(row.DueOn) + (row.Entry.Bound == DeadlineBound.NotBefore ? " (earliest)" : string.Empty),
            Format(row.OpensOn),
            row.Citation,
            row.Entry.Name + (row.Entry.Advisory ? " (advisory)" : string.Empty) + (row.Governs ? string.Empty : " (a stricter row governs)"),
            TimescaleView.Describe(row.Entry),
            row.AnchorOn is { } on ? Format(on) + (row.AnchorAssumed ? " *" : string.Empty) : "when it happens",
            row.Entry.Source,
        }).ToList();

        var widths = headings.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        WriteRow(output, headings, widths);
        WriteRow(output, [.. widths.Select(w => new string('-', w))], widths);
        foreach (var row in rows)
        {
            WriteRow(output, row, widths);
        }

        output.WriteLine();
        output.WriteLine("* projected: assumes the step that leads to it happens on its due date; give the real date to replace it.");
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths) =>
        output.WriteLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());

    private static string Format(DateOnly? date) =>
        date?.ToString("ddd dd MMM yyyy", CultureInfo.GetCultureInfo("en-GB")) ?? "-";
}
