using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Orchestration.Orchestrator.Tests.Dashboard;

/// <summary>Reads the dashboard's pages as a browser without script would, and posts its forms as they are.</summary>
public sealed class DashboardPage(HttpClient http)
{
    /// <summary>What the referral recorded about people: none of it may appear on any page of the dashboard.</summary>
    public static readonly string[] PersonalData =
        ["Testchild", "Amelia", "Testparent", "Jo Referrer", "jo.referrer@council.example", "Sam Lead", "Example Row", "01234 567890", "DC Example", "2019-04-02", "2 Apr 2019", "hospital with injuries"];

    /// <summary>Gets a page; fails the test unless it answers <paramref name="status"/> with HTML.</summary>
    public async Task<IHtmlDocument> Open(string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"GET {path}: expected {(int)status}, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        foreach (var personal in PersonalData)
        {
            Assert.DoesNotContain(personal, html, StringComparison.OrdinalIgnoreCase);
        }

        return new HtmlParser().ParseDocument(html);
    }

    /// <summary>Fills a form's text fields and submits it with its hidden fields (the antiforgery token among them); returns the raw answer.</summary>
    public async Task<HttpResponseMessage> Submit(IHtmlFormElement form, IReadOnlyDictionary<string, string> fields, bool withToken = true)
    {
        ArgumentNullException.ThrowIfNull(form);
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(input => input.Type == "hidden" && (withToken || input.Name == "key" || input.Name == "eventId"))
            .Select(input => KeyValuePair.Create(input.Name!, input.Value))
            .Concat(fields)
            .ToList();
        using var content = new FormUrlEncodedContent(values);
        return await http.PostAsync(new Uri(form.GetAttribute("action")!, UriKind.Relative), content);
    }

    /// <summary>The rows of the table that follows the heading with id <paramref name="section"/>.</summary>
    public static IReadOnlyList<IElement> Rows(IDocument page, string section)
    {
        ArgumentNullException.ThrowIfNull(page);
        var heading = page.GetElementById(section) ?? throw new InvalidOperationException($"no section '{section}'");
        var table = heading.NextElementSibling;
        while (table is not null && table.LocalName != "table" && table.LocalName != "h2")
        {
            table = table.NextElementSibling;
        }

        Assert.True(table is { LocalName: "table" }, $"section '{section}' has no table");
        return [.. table!.QuerySelectorAll("tbody tr")];
    }

    /// <summary>The cells of a row (its header cell first), as text.</summary>
    public static IReadOnlyList<string> Cells(IElement row) =>
        [.. row.Children.Select(cell => cell.TextContent.Trim())];
}
