using System.Text.RegularExpressions;
using Orchestration.Orchestrator.Compliance;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Dashboard;

/// <summary>A failed or dead-lettered notification, with the review it belongs to.</summary>
public sealed record FailedDelivery(Guid ReviewId, string Partnership, string State, DeliveryRecord Delivery);

/// <summary>How many reviews a partnership has in a state.</summary>
public sealed record StateCount(string Partnership, string State, int Count);

/// <summary>One deadline as the review page shows it: the row and how its due date was counted, in words.</summary>
public sealed record ExplainedDeadline(DeadlineRecord Deadline, string Explanation);

/// <summary>The antiforgery field a form carries.</summary>
public sealed record FormToken(string FieldName, string Value);

/// <summary>What the review page shows.</summary>
/// <param name="Checklist">The review's statutory checklist (<see cref="ComplianceChecklist.For"/>) as it stands today; null when its partnership has no profile to judge it by.</param>
public sealed record ReviewPage(
    ReviewState Review,
    IReadOnlyList<ExplainedDeadline> Deadlines,
    IReadOnlyList<ComplianceItem>? Checklist,
    IReadOnlyList<TimelineEntry> Timeline,
    TimelineVerification Verification,
    IReadOnlyList<string> States,
    IReadOnlyList<TransitionRule> Transitions,
    string? TraceUrl,
    DateOnly Today);

/// <summary>The dashboard's pages, rendered on the server as plain, accessible HTML.</summary>
internal static partial class DashboardPages
{
    /// <summary>The front page: the risk board, the failed notifications, the counts by state and partnership.</summary>
    public static string Home(
        IReadOnlyList<RiskLine> risks, int riskRows, IReadOnlyList<FailedDelivery> failed, IReadOnlyList<StateCount> counts,
        IReadOnlyList<string> stateOrder, DateOnly today, FormToken token)
    {
        var page = new HtmlPage();
        page.Add($"<h1>Operations dashboard</h1>\n<p class=\"note\">Today is {today} (London). Working days exclude weekends and England and Wales bank holidays.</p>\n");

        page.Raw("<h2 id=\"risk\">Statutory risk board</h2>\n");
        if (risks.Count == 0)
        {
            page.Raw("<p>No open review owes a deadline.</p>\n");
        }
        else
        {
            page.Add($"<table aria-describedby=\"risk-note\">\n<caption>Open reviews by working days left to their next deadline, missed ones first ({risks.Count} reviews")
                .Raw(risks.Count > riskRows ? $", the first {riskRows} shown" : string.Empty)
                .Raw(")</caption>\n<thead><tr><th scope=\"col\">Review</th><th scope=\"col\">Partnership</th><th scope=\"col\">Route</th><th scope=\"col\">State</th>")
                .Raw("<th scope=\"col\">Next deadline</th><th scope=\"col\">Due</th><th scope=\"col\">Working days left</th><th scope=\"col\" class=\"num\">Missed</th></tr></thead>\n<tbody>\n");
            foreach (var line in risks.Take(riskRows))
            {
                page.Add($"<tr><th scope=\"row\"><a class=\"id\" href=\"/reviews/{line.ReviewId}\">{line.ReviewId}</a></th><td>{line.Partnership}</td><td>{line.Route}</td><td>{line.State}</td>")
                    .Add($"<td>{line.Rule}: {line.Name}</td><td>{line.DueOn}</td>")
                    .Raw(line.Missed ? $"<td class=\"missed\">{Left(line.WorkingDaysLeft, true)}</td>" : $"<td>{Left(line.WorkingDaysLeft, false)}</td>")
                    .Add($"<td class=\"num\">{line.MissedCount}</td></tr>\n");
            }

            page.Raw("</tbody>\n</table>\n<p id=\"risk-note\" class=\"note\">Missed means the due date has passed and the duty is not yet met. A review's row shows its earliest outstanding deadline; its page shows them all.</p>\n");
        }

        page.Raw("<h2 id=\"failed\">Failed and dead-lettered notifications</h2>\n");
        if (failed.Count == 0)
        {
            page.Raw("<p>Every notification has been sent or is on its way.</p>\n");
        }
        else
        {
            page.Raw("<table>\n<caption>Notifications the workers could not send: failed ones are being retried with backoff, dead-lettered ones wait for someone to retry them</caption>\n")
                .Raw("<thead><tr><th scope=\"col\">Review</th><th scope=\"col\">Partnership</th><th scope=\"col\">Notification</th><th scope=\"col\">To</th><th scope=\"col\">Due</th>")
                .Raw("<th scope=\"col\">Status</th><th scope=\"col\">Why</th><th scope=\"col\">Retry</th></tr></thead>\n<tbody>\n");
            var index = 0;
            foreach (var item in failed)
            {
                var d = item.Delivery;
                page.Add($"<tr><th scope=\"row\"><a class=\"id\" href=\"/reviews/{item.ReviewId}#notifications\">{item.ReviewId}</a></th><td>{item.Partnership}</td>")
                    .Add($"<td>{d.Kind}</td><td>{d.Recipient}</td><td>{d.DueOn}</td><td class=\"missed\">{d.Status}</td><td>{Redacted(d.FailureReason)}</td><td>")
                    .Raw(RetryForm(item.ReviewId, d, $"f{index++}", token))
                    .Raw("</td></tr>\n");
            }

            page.Raw("</tbody>\n</table>\n");
        }

        page.Raw("<h2 id=\"counts\">Reviews by state and partnership</h2>\n");
        if (counts.Count == 0)
        {
            page.Raw("<p>No reviews yet.</p>\n");
        }
        else
        {
            var states = stateOrder.Where(s => counts.Any(c => c.State == s)).Concat(counts.Select(c => c.State).Where(s => !stateOrder.Contains(s)).Distinct()).ToList();
            var partnerships = counts.Select(c => c.Partnership).Distinct().Order(StringComparer.Ordinal).ToList();
            page.Raw("<table>\n<caption>Number of reviews in each state, by partnership</caption>\n<thead><tr><th scope=\"col\">Partnership</th>");
            foreach (var state in states)
            {
                page.Add($"<th scope=\"col\" class=\"num\">{state}</th>");
            }

            page.Raw("<th scope=\"col\" class=\"num\">All</th></tr></thead>\n<tbody>\n");
            foreach (var partnership in partnerships)
            {
                page.Add($"<tr><th scope=\"row\">{partnership}</th>");
                foreach (var state in states)
                {
                    page.Add($"<td class=\"num\">{counts.Where(c => c.Partnership == partnership && c.State == state).Sum(c => c.Count)}</td>");
                }

                page.Add($"<td class=\"num\">{counts.Where(c => c.Partnership == partnership).Sum(c => c.Count)}</td></tr>\n");
            }

            page.Raw("</tbody>\n<tfoot><tr><th scope=\"row\">All partnerships</th>");
            foreach (var state in states)
            {
                page.Add($"<td class=\"num\">{counts.Where(c => c.State == state).Sum(c => c.Count)}</td>");
            }

            page.Add($"<td class=\"num\">{counts.Sum(c => c.Count)}</td></tr></tfoot>\n</table>\n");
        }

        return page.Render("Operations dashboard");
    }

    /// <summary>One review: key dates, deadlines with their counting, the statutory checklist, notifications, the verified timeline, the lifecycle, the trace.</summary>
    public static string Review(ReviewPage model, FormToken token)
    {
        var review = model.Review;
        var page = new HtmlPage();
        page.Add($"<p><a href=\"/\">Back to the dashboard</a></p>\n<h1>Review <span class=\"id\">{review.CorrelationId}</span></h1>\n")
            .Add($"<dl class=\"dates\"><dt>Partnership</dt><dd>{review.Partnership}</dd><dt>Route</dt><dd>{review.Route}</dd>")
            .Add($"<dt>State</dt><dd><strong>{review.CurrentState}</strong></dd><dt>Version</dt><dd>{review.Version}</dd></dl>\n");
        if (model.TraceUrl is { } trace)
        {
            page.Add($"<p><a href=\"{trace}\">Open this review's trace in the trace viewer</a> <span class=\"note\">(spans tagged review.id)</span></p>\n");
        }

        KeyDates(page, KeyDatesView.Of(review));
        Deadlines(page, model);
        Checklist(page, model);
        Notifications(page, review, token);
        Timeline(page, model);
        Lifecycle(page, model);
        return page.Render($"Review {review.CorrelationId}");
    }

    /// <summary>A page that says what went wrong with a form, and how to go back.</summary>
    public static string Problem(string title, IEnumerable<string> problems, string? back)
    {
        var page = new HtmlPage();
        page.Add($"<h1>{title}</h1>\n<div class=\"error\" role=\"alert\"><p>Nothing was changed.</p><ul>\n");
        foreach (var problem in problems)
        {
            page.Add($"<li>{problem}</li>\n");
        }

        page.Raw("</ul></div>\n");
        if (back is not null)
        {
            page.Add($"<p><a href=\"{back}\">Go back and try again</a></p>\n");
        }

        return page.Render(title);
    }

    private static void KeyDates(HtmlPage page, KeyDatesView dates)
    {
        page.Raw("<h2 id=\"dates\">Key dates</h2>\n<dl class=\"dates\">\n");
        foreach (var (label, date) in new (string, DateOnly?)[]
                 {
                     ("Received", dates.Received), ("Became aware", dates.BecameAware), ("Panel notified", dates.Notified),
                     ("Panel acknowledged", dates.PanelAcknowledged), ("Route decided", dates.RouteDecided), ("Rapid Review meeting", dates.Meeting),
                     ("Submitted to the Panel", dates.Submitted), ("Outcome decided", dates.Decision), ("CSPR commissioned", dates.Commissioned),
                     ("Signed off", dates.SignedOff), ("Publication scheduled for", dates.PublicationScheduled), ("Published", dates.Published),
                     ("Available until", dates.AvailableUntil), ("Decided not to publish", dates.NotPublished), ("Closed", dates.Closed),
                 })
        {
            if (date is { } on)
            {
                page.Add($"<dt>{label}</dt><dd>{on}</dd>\n");
            }
        }

        page.Raw("</dl>\n");
    }

    private static void Deadlines(HtmlPage page, ReviewPage model)
    {
        page.Raw("<h2 id=\"deadlines\">Deadlines</h2>\n");
        if (model.Deadlines.Count == 0)
        {
            page.Raw("<p>No deadlines armed.</p>\n");
            return;
        }

        page.Raw("<table>\n<caption>Each duty armed on the review, with how its due date was counted</caption>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Duty</th>")
            .Raw("<th scope=\"col\">Counted from</th><th scope=\"col\">Due</th><th scope=\"col\">How the due date was counted</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
        foreach (var (deadline, explanation) in model.Deadlines)
        {
            var outstanding = deadline.Status == DeadlineStatus.Open || (deadline.Status == DeadlineStatus.Missed && deadline.MetOn is null);
            var missed = deadline.Status == DeadlineStatus.Missed || (outstanding && deadline.DueOn < model.Today);
            var status = deadline.Status switch
            {
                DeadlineStatus.Met => $"met on {HtmlPage.Date(deadline.MetOn!.Value)}",
                DeadlineStatus.Missed when deadline.MetOn is { } late => $"missed; met late on {HtmlPage.Date(late)}",
                DeadlineStatus.Cancelled => "cancelled",
                _ when missed => "missed",
                _ => "open",
            };
            page.Add($"<tr><th scope=\"row\">{deadline.Rule}</th><td>{deadline.Name}</td><td>{HtmlPage.Words(deadline.Anchor.ToString())} ({deadline.AnchorOn})</td>")
                .Add($"<td>{deadline.DueOn}</td><td>{explanation}</td>")
                .Raw(missed ? "<td class=\"missed\">" : "<td>").Add($"{status}</td></tr>\n");
        }

        page.Raw("</tbody>\n</table>\n");
    }

    private static void Checklist(HtmlPage page, ReviewPage model)
    {
        page.Raw("<h2 id=\"checklist\">Statutory checklist</h2>\n");
        if (model.Checklist is not { } items)
        {
            page.Add($"<p>The review's partnership, {model.Review.Partnership}, has no procedure profile loaded: its checklist cannot be judged.</p>\n");
            return;
        }

        var totals = ComplianceChecklist.Count(items);
        page.Add($"<table aria-describedby=\"checklist-note\">\n<caption>Each statutory check of the review as it stands on {model.Today}: ")
            .Add($"{totals[ComplianceStatus.Missed]} missed, {totals[ComplianceStatus.Met]} met, {totals[ComplianceStatus.Pending]} pending, {totals[ComplianceStatus.NotApplicable]} not applicable</caption>\n")
            .Raw("<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Check</th><th scope=\"col\">Due</th><th scope=\"col\">Actual</th>")
            .Raw("<th scope=\"col\">Status</th><th scope=\"col\">Note</th></tr></thead>\n<tbody>\n");
        foreach (var item in items)
        {
            var missed = item.Status == ComplianceStatus.Missed;
            page.Add($"<tr><th scope=\"row\">{item.Rule}</th><td>{item.Check}</td><td>{Dash(item.DueOn)}</td><td>{Dash(item.ActualOn)}</td>")
                .Raw(missed ? "<td class=\"missed\">" : "<td>").Add($"{Verdict(item.Status)}</td><td>{item.Note}</td></tr>\n");
        }

        page.Raw("</tbody>\n</table>\n<p id=\"checklist-note\" class=\"note\">The same checklist as the review's API view (<code>GET /api/reviews/{id}/compliance</code>) and the partnership reports. ")
            .Raw("Missed means done late, not done by the due date, or a notification that could not be delivered. A dash under Due means the rule sets no due date; under Actual, that it has not happened.</p>\n");
    }

    private static string Dash(DateOnly? date) => date is { } on ? HtmlPage.Date(on) : "-";

    private static string Verdict(ComplianceStatus status) => status switch
    {
        ComplianceStatus.Met => "met",
        ComplianceStatus.Missed => "missed",
        ComplianceStatus.Pending => "pending",
        ComplianceStatus.NotApplicable => "not applicable",
        _ => status.ToString(),
    };

    private static void Notifications(HtmlPage page, ReviewState review, FormToken token)
    {
        page.Raw("<h2 id=\"notifications\">Notifications</h2>\n");
        if (review.Deliveries.Count == 0)
        {
            page.Raw("<p>The review has owed no notification yet.</p>\n");
            return;
        }

        page.Raw("<table>\n<caption>Every notification the review owed: to whom, and when it was sent</caption>\n<thead><tr><th scope=\"col\">Notification</th><th scope=\"col\">To</th>")
            .Raw("<th scope=\"col\">Rule</th><th scope=\"col\">Owed on</th><th scope=\"col\">Due</th><th scope=\"col\">Status</th><th scope=\"col\">Sent on</th><th scope=\"col\">Retry</th></tr></thead>\n<tbody>\n");
        var index = 0;
        foreach (var delivery in review.Deliveries)
        {
            var failed = delivery.Status is DeliveryStatus.Failed or DeliveryStatus.DeadLettered;
            page.Add($"<tr><th scope=\"row\">{delivery.Kind}</th><td>{delivery.Recipient}</td><td>{delivery.Rule ?? "-"}</td><td>{delivery.RequestedOn}</td><td>{delivery.DueOn}</td>")
                .Raw(failed ? "<td class=\"missed\">" : "<td>").Add($"{delivery.Status}")
                .Raw(failed && delivery.FailureReason is not null ? ": " + HtmlPage.Text(Redacted(delivery.FailureReason)) : string.Empty)
                .Raw(delivery.Retries > 0 ? HtmlPage.Text($" (retried {delivery.Retries}×)") : string.Empty)
                .Add($"</td><td>{delivery.SentOn}</td><td>")
                .Raw(failed ? RetryForm(review.CorrelationId, delivery, $"n{index}", token) : string.Empty)
                .Raw("</td></tr>\n");
            index++;
        }

        page.Raw("</tbody>\n</table>\n");
    }

    private static void Timeline(HtmlPage page, ReviewPage model)
    {
        var check = model.Verification;
        page.Raw("<h2 id=\"timeline\">Timeline</h2>\n");
        if (check.Verified)
        {
            page.Add($"<p class=\"banner\" role=\"status\"><span class=\"ok\">Hash chain verified:</span> all {check.Entries} entries are in sequence, match their hashes and chain from the first to the review's latest.</p>\n");
        }
        else
        {
            page.Add($"<p class=\"banner broken\" role=\"alert\"><span class=\"missed\">Hash chain broken</span> at entry {check.FirstBrokenSequence}: {check.Problem}.</p>\n");
        }

        page.Raw("<table>\n<caption>Every event applied to or rejected by the review, oldest first</caption>\n<thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Event</th>")
            .Raw("<th scope=\"col\">Business date</th><th scope=\"col\">Recorded (UTC)</th><th scope=\"col\">Outcome</th><th scope=\"col\">State</th><th scope=\"col\">Detail</th><th scope=\"col\">Hash</th></tr></thead>\n<tbody>\n");
        foreach (var entry in model.Timeline)
        {
            var state = entry.StateBefore == entry.StateAfter ? entry.StateAfter : $"{entry.StateBefore} → {entry.StateAfter}";
            page.Add($"<tr><td class=\"num\">{entry.Sequence}</td><th scope=\"row\">{entry.Event}</th><td>{entry.OccurredOn}</td>")
                .Add($"<td>{entry.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}</td>")
                .Raw(entry.Outcome == TimelineEntry.Rejected ? "<td class=\"missed\">" : "<td>").Add($"{entry.Outcome}</td><td>{state}</td><td>{Redacted(entry.Detail)}</td>")
                .Add($"<td class=\"id\"><abbr title=\"{entry.Hash}\">{entry.Hash[..12]}</abbr></td></tr>\n");
        }

        page.Raw("</tbody>\n</table>\n");
    }

    private static void Lifecycle(HtmlPage page, ReviewPage model)
    {
        var current = model.Review.CurrentState;
        page.Add($"<h2 id=\"lifecycle\">Lifecycle</h2>\n<p>The review is <strong>{current}</strong>, highlighted below; each state lists the states it can lead to (docs/state-machine.md draws the same machine).</p>\n<ol class=\"lifecycle\">\n");
        foreach (var state in model.States)
        {
            var next = model.Transitions.Where(t => t.From.Contains(state)).SelectMany(t => t.To).Where(to => to != state).Distinct().ToList();
            page.Raw(state == current ? "<li aria-current=\"step\">" : "<li>")
                .Add($"{state}")
                .Raw(state == current ? " <span>(current)</span>" : string.Empty)
                .Raw(next.Count > 0 ? HtmlPage.Text(" → " + string.Join(", ", next)) : " <span class=\"note\">(final)</span>")
                .Raw("</li>\n");
        }

        page.Raw("</ol>\n");
    }

    private static string RetryForm(Guid reviewId, DeliveryRecord delivery, string id, FormToken token)
    {
        var form = new HtmlPage();
        form.Add($"<form class=\"retry\" method=\"post\" action=\"/reviews/{reviewId}/deliveries/retry\" aria-label=\"Retry {delivery.Kind} to {delivery.Recipient}\">")
            .Add($"<input type=\"hidden\" name=\"{token.FieldName}\" value=\"{token.Value}\">")
            .Add($"<input type=\"hidden\" name=\"key\" value=\"{delivery.IdempotencyKey}\">")
            .Add($"<input type=\"hidden\" name=\"eventId\" value=\"{Guid.NewGuid()}\">")
            .Add($"<div><label for=\"{id}-by\">Your name</label><input type=\"text\" id=\"{id}-by\" name=\"requestedBy\" required maxlength=\"100\" autocomplete=\"name\"></div>")
            .Add($"<div><label for=\"{id}-why\">Reason</label><input type=\"text\" id=\"{id}-why\" name=\"reason\" required maxlength=\"500\"></div>")
            .Add($"<button type=\"submit\">Retry</button></form>");
        return form.Body;
    }

    /// <summary>A technical message with any e-mail address in it replaced: a gateway's refusal may quote one.</summary>
    public static string Redacted(string? text) => text is null ? string.Empty : EmailAddress().Replace(text, "[address]");

    private static string Left(int workingDays, bool missed) => missed
        ? workingDays == 0 ? "Missed" : $"Missed: {-workingDays} working day{(workingDays == -1 ? string.Empty : "s")} overdue"
        : workingDays == 0 ? "Due today" : $"{workingDays} working day{(workingDays == 1 ? string.Empty : "s")} left";

    [GeneratedRegex(@"[^\s<>""'@]+@[^\s<>""'@]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();
}
