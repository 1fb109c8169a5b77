using System.Globalization;
using System.Net;
using System.Text;

namespace Orchestration.Orchestrator.Dashboard;

/// <summary>
/// A server-rendered page of the dashboard: plain HTML with its own small style sheet, no script. Every value
/// goes through <see cref="Text"/> (HTML-encoded); only the page's own markup is written raw.
/// </summary>
internal sealed class HtmlPage
{
    private readonly StringBuilder body = new();

    /// <summary>The markup so far, without the document around it (a fragment such as a form).</summary>
    public string Body => body.ToString();

    /// <summary>Markup as written (the page's own).</summary>
    public HtmlPage Raw(string markup)
    {
        body.Append(markup);
        return this;
    }

    /// <summary>Markup with encoded values: every interpolated value is HTML-encoded.</summary>
    public HtmlPage Add(EncodedHandler markup)
    {
        body.Append(markup.Text);
        return this;
    }

    /// <summary>A value as text, HTML-encoded.</summary>
    public static string Text(object? value) =>
        WebUtility.HtmlEncode(value switch
        {
            null => string.Empty,
            DateOnly date => Date(date),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        });

    /// <summary>A date as people in England write it: 18 Dec 2026.</summary>
    public static string Date(DateOnly date) => Domain.Calendar.DueDateExplanation.Format(date);

    /// <summary>A name in PascalCase as words: <c>ReferralReceived</c> → "referral received".</summary>
    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                words.Append(' ');
            }

            words.Append(i > 0 && !(i + 1 < name.Length && char.IsUpper(name[i + 1])) ? char.ToLowerInvariant(name[i]) : name[i]);
        }

        return words.ToString();
    }

    /// <summary>The whole document.</summary>
    public string Render(string title)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Text(title)).Append(" · CSPR operations</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<a class=\"skip\" href=\"#main\">Skip to the content</a>\n")
            .Append("<header><p class=\"service\"><a href=\"/\">Child Safeguarding Practice Reviews · operations</a></p></header>\n")
            .Append("<main id=\"main\" tabindex=\"-1\">\n")
            .Append(body)
            .Append("</main>\n<footer><p>Operations view: review ids, partnerships, routes, dates and states only; no child's or family member's details are shown here.</p></footer>\n")
            .Append("</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Builds markup whose interpolated values are HTML-encoded.</summary>
    [System.Runtime.CompilerServices.InterpolatedStringHandler]
    public ref struct EncodedHandler
    {
        private readonly StringBuilder text;

        public EncodedHandler(int literalLength, int formattedCount)
        {
            _ = formattedCount;
            text = new StringBuilder(literalLength + 64);
        }

        /// <summary>The markup built.</summary>
        public readonly string Text => text.ToString();

        public readonly void AppendLiteral(string literal) => text.Append(literal);

        public readonly void AppendFormatted<T>(T value) => text.Append(HtmlPage.Text(value));
    }

    // Contrast: every text colour is at least 7:1 on its background except the muted notes (4.6:1); focus is a thick yellow and black ring.
    private const string Style = """
        :root { color-scheme: light; --ink: #0b0c0c; --muted: #505a5f; --line: #b1b4b6; --link: #1d4f91; --bad: #a00d1b; --good: #00703c; --mark: #ffdd00; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: #fff; }
        header, footer { background: #0b0c0c; color: #fff; padding: .5rem 1.5rem; }
        header a, footer a { color: #fff; }
        .service { margin: 0; font-weight: 700; }
        main { max-width: 90rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        footer p { margin: 0; font-size: .9rem; }
        h1 { font-size: 1.8rem; margin: .5rem 0; }
        h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--ink); }
        a { color: var(--link); }
        a:focus, button:focus, input:focus, main:focus-visible { outline: 3px solid var(--mark); outline-offset: 0; box-shadow: 0 0 0 6px var(--ink); }
        .skip { position: absolute; left: -999rem; }
        .skip:focus { left: 1rem; top: 1rem; background: var(--mark); color: var(--ink); padding: .5rem; z-index: 1; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
        caption { text-align: left; font-weight: 700; padding: .25rem 0; }
        th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
        thead th { border-bottom: 2px solid var(--ink); }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .missed { color: var(--bad); font-weight: 700; }
        .ok { color: var(--good); font-weight: 700; }
        .note { color: var(--muted); }
        .id { font-family: ui-monospace, "Cascadia Mono", Menlo, monospace; font-size: .9rem; }
        .banner { border-left: 6px solid var(--good); padding: .5rem 1rem; background: #f3f2f1; }
        .banner.broken, .error { border-left: 6px solid var(--bad); padding: .5rem 1rem; background: #f3f2f1; }
        dl.dates { display: grid; grid-template-columns: max-content auto; gap: .25rem 1.5rem; }
        dl.dates dt { font-weight: 700; }
        dl.dates dd { margin: 0; }
        ol.lifecycle { padding-left: 1.5rem; columns: 2 22rem; }
        ol.lifecycle li { margin: .15rem 0; break-inside: avoid; }
        ol.lifecycle li[aria-current] { background: var(--mark); font-weight: 700; padding: 0 .25rem; }
        form.retry { display: flex; flex-wrap: wrap; gap: .25rem .5rem; align-items: end; }
        form.retry label { display: block; font-size: .85rem; font-weight: 700; }
        input[type=text] { font: inherit; padding: .2rem .35rem; border: 2px solid var(--ink); min-width: 9rem; }
        button { font: inherit; font-weight: 700; padding: .25rem .9rem; color: #fff; background: var(--good); border: 2px solid var(--good); cursor: pointer; }
        """;
}
