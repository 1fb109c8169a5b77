using System.Globalization;
using System.Net;
using System.Text;

namespace Orchestration.Orchestrator.Reports;

/// <summary>A <see cref="PartnershipReport"/> as CSV, as a printable HTML page with a chart, and as the annual report's draft section.</summary>
public static class ReportRendering
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// One table of rows <c>section,partnership,item,value,detail</c>: every figure of the report, then the late cases,
    /// publications and actions not implemented, each a row of its own (spreadsheet-friendly, RFC 4180 quoting).
    /// </summary>
    public static string Csv(PartnershipReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        void Row(string section, string partnership, string item, string value, string detail = "") =>
            csv.Append(Cell(section)).Append(',').Append(Cell(partnership)).Append(',').Append(Cell(item)).Append(',')
                .Append(Cell(value)).Append(',').Append(Cell(detail)).Append("\r\n");
        var scope = string.Join(" ", report.Partnerships);
        Row("section", "partnership", "item", "value", "detail");
        Row("period", scope, "from", Iso(report.From));
        Row("period", scope, "to", Iso(report.To));
        Row("period", scope, "as of", Iso(report.AsOf));
        Row("referrals", scope, "received", Number(report.Referrals));
        foreach (var row in report.ReferralsByRouteAndOutcome)
        {
            Row("referrals by route and outcome", scope, $"{row.Route} / {row.Outcome}", Number(row.Count));
        }

        Row("rapid reviews", scope, "decisions sent to the Panel", Number(report.RapidReviews));
        Row("reviews", scope, "local CSPRs initiated", Number(report.LocalCsprs));
        Row("reviews", scope, "national reviews", Number(report.NationalReviews));
        foreach (var rule in report.Timeliness)
        {
            Row("timeliness", scope, rule.Rule, rule.PercentMet?.ToString("0.0", Invariant) ?? string.Empty, $"{rule.Met} met, {rule.Missed} missed");
            foreach (var late in rule.LateCases)
            {
                Row("late case", late.Partnership, rule.Rule, late.ReviewId.ToString(),
                    $"due {Iso(late.DueOn)}; " + (late.ActualOn is { } done ? $"done {Iso(done)}, {late.WorkingDaysLate} working days late" : "not done") + $"; {late.Check}");
            }
        }

        foreach (var stage in report.Stages)
        {
            Row("median working days", scope, stage.Stage, stage.MedianWorkingDays?.ToString("0.#", Invariant) ?? string.Empty, $"{stage.Cases} case(s)");
        }

        foreach (var publication in report.Publications)
        {
            Row("publication", publication.Partnership, publication.ReviewId.ToString(), Iso(publication.On),
                (publication.WithinSixMonths switch { true => "within six months", false => "after six months", _ => string.Empty }) + (publication.LearningOnly ? "; learning only" : string.Empty));
        }

        foreach (var decision in report.DecisionsNotToPublish)
        {
            Row("decision not to publish", decision.Partnership, decision.ReviewId.ToString(), Iso(decision.On));
        }

        Row("learning actions", scope, "open", Number(report.LearningActions.Open));
        Row("learning actions", scope, "overdue", Number(report.LearningActions.Overdue));
        Row("learning actions", scope, "escalated", Number(report.LearningActions.Escalated));
        Row("learning actions", scope, "completed in the period", Number(report.LearningActions.CompletedInPeriod));
        Row("learning actions", scope, "completed late in the period", Number(report.LearningActions.CompletedLateInPeriod));
        foreach (var action in report.NotImplemented)
        {
            Row("action not implemented", action.Partnership, $"{action.ReviewId} {action.ActionId}", action.Status.ToString(), action.Reason);
        }

        if (report.ByPartnership.Count > 1)
        {
            foreach (var p in report.ByPartnership)
            {
                Row("partnership", p.Partnership, "duties met", p.PercentMet?.ToString("0.0", Invariant) ?? string.Empty,
                    $"{p.Referrals} referrals, {p.RapidReviews} Rapid Reviews, {p.LocalCsprs} local CSPRs, {p.Publications} publications, {p.DutiesMet} met, {p.DutiesMissed} missed");
            }
        }

        return csv.ToString();
    }

    /// <summary>A printable page (A4, no scripts) with a bar chart of the share of duties met per rule, drawn as inline SVG.</summary>
    public static string Html(PartnershipReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        var title = $"Safeguarding practice reviews: {string.Join(", ", report.Partnerships)}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n")
            .Append("<style>@page{size:A4;margin:16mm}body{font-family:sans-serif;font-size:10pt;color:#111}table{border-collapse:collapse;margin:0 0 12pt}")
            .Append("th,td{border:1px solid #999;padding:2pt 5pt;text-align:left}td.n{text-align:right}h2{page-break-after:avoid;margin-top:14pt}</style></head><body>\n")
            .Append("<h1>").Append(E(title)).Append("</h1>\n<p>Period ").Append(E(Long(report.From))).Append(" to ").Append(E(Long(report.To)))
            .Append("; verdicts as of ").Append(E(Long(report.AsOf))).Append(". Reviews are identified by their reference only.</p>\n");

        html.Append("<h2>Referrals</h2>\n<p>").Append(report.Referrals).Append(" received; ").Append(report.RapidReviews).Append(" Rapid Review decision(s) sent to the National Panel; ")
            .Append(report.LocalCsprs).Append(" local CSPR(s) and ").Append(report.NationalReviews).Append(" national review(s) decided.</p>\n");
        Table(html, ["Route", "Outcome", "Referrals"], report.ReferralsByRouteAndOutcome.Select(r => new[] { r.Route.ToString(), r.Outcome, Number(r.Count) }), numericFrom: 2);

        html.Append("<h2>Timeliness</h2>\n").Append(Chart(report.Timeliness));
        Table(html, ["Rule", "Met", "Missed", "% met"], report.Timeliness.Select(t => new[] { t.Rule, Number(t.Met), Number(t.Missed), t.PercentMet?.ToString("0.0", Invariant) ?? "-" }), numericFrom: 1);
        var late = report.Timeliness.SelectMany(t => t.LateCases.Select(c => (t.Rule, Case: c))).ToList();
        if (late.Count > 0)
        {
            html.Append("<h3>Late cases</h3>\n");
            Table(html, ["Rule", "Review", "Partnership", "Duty", "Due", "Done", "Working days late"],
                late.Select(l => new[] { l.Rule, l.Case.ReviewId.ToString(), l.Case.Partnership, l.Case.Check, Iso(l.Case.DueOn), l.Case.ActualOn is { } d ? Iso(d) : "not done", l.Case.WorkingDaysLate?.ToString(Invariant) ?? "-" }), numericFrom: 6);
        }

        html.Append("<h2>Median working days per stage</h2>\n");
        Table(html, ["Stage", "Cases", "Median working days"], report.Stages.Select(s => new[] { s.Stage, Number(s.Cases), s.MedianWorkingDays?.ToString("0.#", Invariant) ?? "-" }), numericFrom: 1);

        html.Append("<h2>Publications</h2>\n");
        Table(html, ["Review", "Partnership", "Published", "Within six months (N7)"],
            report.Publications.Select(p => new[] { p.ReviewId.ToString(), p.Partnership, Iso(p.On), p.WithinSixMonths switch { true => "yes", false => "no", _ => "-" } }), numericFrom: 4);
        html.Append("<p>Decisions not to publish (N11): ").Append(report.DecisionsNotToPublish.Count).Append(".</p>\n");

        html.Append("<h2>Learning actions</h2>\n");
        var actions = report.LearningActions;
        Table(html, ["Open", "Overdue", "Escalated", "Completed in the period", "Of which late"],
            [[Number(actions.Open), Number(actions.Overdue), Number(actions.Escalated), Number(actions.CompletedInPeriod), Number(actions.CompletedLateInPeriod)]], numericFrom: 0);
        if (report.NotImplemented.Count > 0)
        {
            html.Append("<h3>Actions not implemented, with the reason recorded</h3>\n");
            Table(html, ["Review", "Action", "Status", "Review closed", "Reason"],
                report.NotImplemented.Select(n => new[] { n.ReviewId.ToString(), n.ActionId, n.Status.ToString(), Iso(n.ClosedOn), n.Reason }), numericFrom: 5);
        }

        if (report.ByPartnership.Count > 1)
        {
            html.Append("<h2>By partnership</h2>\n");
            Table(html, ["Partnership", "Referrals", "Rapid Reviews", "Local CSPRs", "Publications", "% duties met"],
                report.ByPartnership.Select(p => new[] { p.Partnership, Number(p.Referrals), Number(p.RapidReviews), Number(p.LocalCsprs), Number(p.Publications), p.PercentMet?.ToString("0.0", Invariant) ?? "-" }), numericFrom: 1);
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The draft of the annual report's section on practice reviews (seed 003 §18: the findings, the improvements and
    /// actions, and the reasons for any decision not to implement actions), as Markdown. The figures are filled in;
    /// the findings are the partnership's to write, and are marked so.
    /// </summary>
    public static string AnnualReportSection(PartnershipReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var met = report.Timeliness.Sum(t => t.Met);
        var all = met + report.Timeliness.Sum(t => t.Missed);
        text.Append("## Child Safeguarding Practice Reviews, ").Append(Long(report.From)).Append(" to ").Append(Long(report.To)).Append("\n\n")
            .Append("*Draft generated from the review records on ").Append(Long(report.AsOf)).Append(" for ").Append(string.Join(", ", report.Partnerships))
            .Append(". Text in [brackets] is for the partnership to write.*\n\n")
            .Append("### Cases considered\n\n")
            .Append("The partnership received ").Append(Count(report.Referrals, "referral or notification", "referrals or notifications"))
            .Append(" of serious incidents. ").Append(Count(report.RapidReviews, "Rapid Review was", "Rapid Reviews were"))
            .Append(" completed and sent to the Child Safeguarding Practice Review Panel; ")
            .Append(Count(report.LocalCsprs, "local Child Safeguarding Practice Review was", "local Child Safeguarding Practice Reviews were")).Append(" initiated");
        text.Append(report.NationalReviews > 0 ? $", and the National Panel took {Count(report.NationalReviews, "case", "cases")} as a national review.\n\n" : ".\n\n");
        text.Append("### Timeliness\n\n");
        text.Append(all == 0
            ? "No statutory duty fell due in the period.\n\n"
            : $"{met} of {all} statutory and local duties that fell due in the period were met on time ({Math.Round(100m * met / all, 1).ToString("0.0", Invariant)}%).");
        foreach (var rule in report.Timeliness.Where(t => t.Rule.StartsWith('N')))
        {
            text.Append(Invariant, $" {rule.Rule}: {rule.Met} of {rule.Met + rule.Missed} on time.");
        }

        text.Append("\n\n### Findings\n\n");
        if (report.Publications.Count == 0)
        {
            text.Append("No review was published in the period.\n\n");
        }
        else
        {
            text.Append(Count(report.Publications.Count, "review was", "reviews were")).Append(" published (")
                .Append(report.Publications.Count(p => p.WithinSixMonths == true)).Append(" within six months of the decision to initiate them):\n\n");
            foreach (var publication in report.Publications)
            {
                text.Append("- Review ").Append(publication.ReviewId).Append(", published ").Append(Long(publication.On))
                    .Append(": [the findings of this review]\n");
            }

            text.Append('\n');
        }

        if (report.DecisionsNotToPublish.Count > 0)
        {
            text.Append(Count(report.DecisionsNotToPublish.Count, "review was", "reviews were"))
                .Append(" not published; the justification went to the National Panel and the Secretary of State and information about the improvements is published instead.\n\n");
        }

        var actions = report.LearningActions;
        text.Append("### Improvements and actions\n\n")
            .Append(Invariant, $"{actions.CompletedInPeriod} action(s) were completed in the period ({actions.CompletedLateInPeriod} after their agreed date). ")
            .Append(Invariant, $"At {Long(report.AsOf)}, {actions.Open} action(s) are open and on time, {actions.Overdue} are overdue, of which {actions.Escalated} have been escalated.\n\n")
            .Append("[The service improvements these actions have brought about]\n\n")
            .Append("### Decisions not to implement actions\n\n");
        if (report.NotImplemented.Count == 0)
        {
            text.Append("No action was left unimplemented.\n");
        }
        else
        {
            foreach (var action in report.NotImplemented)
            {
                text.Append("- Review ").Append(action.ReviewId).Append(", action ").Append(action.ActionId).Append(": ").Append(action.Reason).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Chart(IReadOnlyList<RuleTimeliness> rules)
    {
        const int barHeight = 16;
        const int labelWidth = 210;
        const int barWidth = 300;
        var rows = rules.Where(r => r.PercentMet is not null).ToList();
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Share of duties met on time, per rule\" width=\"{labelWidth + barWidth + 60}\" height=\"{(rows.Count * (barHeight + 6)) + 10}\">\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = 5 + (i * (barHeight + 6));
            var percent = rows[i].PercentMet!.Value;
            var width = (int)Math.Round(barWidth * percent / 100m);
            svg.Append(Invariant, $"<text x=\"0\" y=\"{y + 12}\" font-size=\"10\">{E(rows[i].Rule)}</text>")
                .Append(Invariant, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{barWidth}\" height=\"{barHeight}\" fill=\"#eee\"/>")
                .Append(Invariant, $"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{width}\" height=\"{barHeight}\" fill=\"{(percent >= 90 ? "#2e7d32" : percent >= 70 ? "#f9a825" : "#c62828")}\"/>")
                .Append(Invariant, $"<text x=\"{labelWidth + barWidth + 6}\" y=\"{y + 12}\" font-size=\"10\">{percent.ToString("0.0", Invariant)}%</text>\n");
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static void Table(StringBuilder html, string[] headings, IEnumerable<string[]> rows, int numericFrom)
    {
        html.Append("<table><thead><tr>");
        foreach (var heading in headings)
        {
            html.Append("<th>").Append(E(heading)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                html.Append(i >= numericFrom ? "<td class=\"n\">" : "<td>").Append(E(row[i])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static string Cell(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value.StartsWith('=') || value.StartsWith('+') || value.StartsWith('-') || value.StartsWith('@')
            ? "\"" + (value.StartsWith('=') || value.StartsWith('+') || value.StartsWith('-') || value.StartsWith('@') ? "'" : string.Empty) + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    private static string Long(DateOnly date) => date.ToString("d MMMM yyyy", Invariant);

    private static string Number(int value) => value.ToString(Invariant);

    private static string Count(int count, string one, string many) => $"{count.ToString(Invariant)} {(count == 1 ? one : many)}";
}
