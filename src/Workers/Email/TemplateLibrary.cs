using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orchestration.Workers.Email;

/// <summary>Where partnerships' own templates are.</summary>
public sealed class TemplateOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Templates";

    /// <summary>
    /// A folder of overrides: <c>{folder}/{partnership}/{Kind}.txt</c> for one partnership, <c>{folder}/{Kind}.txt</c>
    /// for all. What is not overridden comes from the templates built in.
    /// </summary>
    public string? Directory { get; set; }
}

/// <summary>A template written out: the subject line and the plain-text body.</summary>
public sealed record RenderedMessage(string Subject, string Body);

/// <summary>A template asked for a value the notification does not carry, or is malformed; sending cannot succeed.</summary>
public sealed class TemplateException(string message) : Exception(message);

/// <summary>
/// The message templates, one per notification kind, overridable per partnership. A template is a
/// <c>Subject:</c> line, a blank line and the body; <c>{{name}}</c> is replaced by a value, and
/// <c>{{name:date}}</c> writes an ISO date as "13 January 2027".
/// </summary>
public sealed partial class TemplateLibrary(IOptionsMonitor<TemplateOptions> options)
{
    /// <summary>The template text for a kind and partnership, or why there is none.</summary>
    public string Find(string kind, string partnership)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (!IsName(kind) || (partnership.Length > 0 && !IsName(partnership)))
        {
            throw new TemplateException("the notification kind or partnership is not a template name");
        }

        if (options.CurrentValue.Directory is { Length: > 0 } folder)
        {
            var candidates = partnership.Length > 0
                ? new[] { Path.Combine(folder, partnership, kind + ".txt"), Path.Combine(folder, kind + ".txt") }
                : [Path.Combine(folder, kind + ".txt")];
            if (candidates.FirstOrDefault(File.Exists) is { } file)
            {
                return File.ReadAllText(file, Encoding.UTF8);
            }
        }

        using var stream = typeof(TemplateLibrary).Assembly.GetManifestResourceStream($"Templates.{kind}.txt")
                           ?? throw new TemplateException($"there is no template for {kind}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The kinds that have a built-in template.</summary>
    public static IReadOnlyList<string> BuiltIn() =>
        [.. typeof(TemplateLibrary).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Templates.", StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal))
            .Select(n => n["Templates.".Length..^".txt".Length])
            .Order(StringComparer.Ordinal)];

    /// <summary>Writes a template out with the values given; every placeholder must have a value.</summary>
    public static RenderedMessage Render(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var text = template.ReplaceLineEndings("\n");
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (!text.StartsWith("Subject:", StringComparison.Ordinal) || split < 0)
        {
            throw new TemplateException("a template starts with a Subject: line followed by a blank line");
        }

        var subject = Fill(text["Subject:".Length..split].Trim(), values);
        if (subject.Contains('\n', StringComparison.Ordinal))
        {
            throw new TemplateException("a template's subject is one line");
        }

        return new RenderedMessage(subject, Fill(text[(split + 2)..], values));
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            if (!values.TryGetValue(name, out var value))
            {
                throw new TemplateException($"the template needs '{name}', which this notification does not carry");
            }

            return match.Groups["format"].Value switch
            {
                "" => value,
                "date" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) =>
                    date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")),
                "date" => value,
                var other => throw new TemplateException($"'{other}' is not a template format (only 'date' is)"),
            };
        });

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z][A-Za-z0-9]*)(?::(?<format>[a-z]+))?\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex Name();

    /// <summary>
    /// Whether a value is a name as the contracts use them (a notification kind, a recipient role, a profile): letters,
    /// digits, '_' and '-', at most 64. Such a name is also safe as a template's file or folder name.
    /// </summary>
    public static bool IsName(string value) => Name().IsMatch(value);
}
