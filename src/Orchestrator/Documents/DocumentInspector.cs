using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using UglyToad.PdfPig;

namespace Orchestration.Orchestrator.Documents;

/// <summary>A passage of a document's text and where it is, for saying where a name was found.</summary>
public sealed record Passage(string Location, string Text);

/// <summary>What a document turned out to be.</summary>
public sealed record InspectedDocument(string MediaType, string Extension, IReadOnlyList<Passage> Passages);

/// <summary>
/// Identifies a document by its content (not its name or declared type) and reads its text: PDF (by page),
/// Word .docx (by paragraph) or UTF-8 plain text (by line). Anything else, or a declared type that does not
/// match the content, is refused.
/// </summary>
public static class DocumentInspector
{
    /// <summary>The media types accepted.</summary>
    public static readonly IReadOnlyList<string> Accepted =
        ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/plain"];

    /// <summary>Inspects the bytes against the declared media type; returns the document or why it is refused.</summary>
    public static (InspectedDocument? Document, string? Problem) Inspect(byte[] content, string? declaredMediaType)
    {
        ArgumentNullException.ThrowIfNull(content);
        var declared = declaredMediaType?.Split(';')[0].Trim().ToLowerInvariant();
        var actual = Sniff(content);
        if (actual is null)
        {
            return (null, $"the content is not a PDF, a Word .docx or UTF-8 plain text (accepted: {string.Join(", ", Accepted)})");
        }

        if (declared != actual && !(actual == "text/plain" && declared == "text/markdown"))
        {
            return (null, $"the content is {actual} but was sent as {declared ?? "no type"}");
        }

        try
        {
            return actual switch
            {
                "application/pdf" => (new InspectedDocument(actual, "pdf", Pdf(content)), null),
                "text/plain" => (new InspectedDocument(actual, "txt", Text(content)), null),
                _ => (new InspectedDocument(actual, "docx", Docx(content)), null),
            };
        }
        catch (Exception error) when (error is not (OutOfMemoryException or OperationCanceledException))
        {
            // Hostile or damaged input may fail a parser in any way; it is refused, never a server error.
            return (null, $"the {actual} document could not be read ({error.GetType().Name}); it may be damaged or encrypted");
        }
    }

    private static string? Sniff(byte[] content)
    {
        if (content.AsSpan().StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (content.AsSpan().StartsWith("PK\x03\x04"u8))
        {
            try
            {
                using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
                return zip.GetEntry("word/document.xml") is not null && zip.GetEntry("[Content_Types].xml") is not null
                    ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    : null;
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }

        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
            return text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f')) ? null : "text/plain";
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static List<Passage> Pdf(byte[] content)
    {
        using var pdf = PdfDocument.Open(content);
        return [.. pdf.GetPages().Select(page => new Passage($"page {page.Number}", string.Join(' ', page.GetWords().Select(w => w.Text))))];
    }

    private static List<Passage> Text(byte[] content) =>
        [.. Encoding.UTF8.GetString(content).ReplaceLineEndings("\n").Split('\n').Select((line, i) => new Passage($"line {i + 1}", line))];

    private static readonly XNamespace W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>The paragraphs of the body, headers, footers, footnotes and endnotes, read from the package's XML parts.</summary>
    private static List<Passage> Docx(byte[] content)
    {
        using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
        var parts = zip.Entries
            .Where(e => e.FullName == "word/document.xml" || e.FullName.StartsWith("word/header", StringComparison.Ordinal)
                        || e.FullName.StartsWith("word/footer", StringComparison.Ordinal) || e.FullName is "word/footnotes.xml" or "word/endnotes.xml" or "word/comments.xml")
            .OrderBy(e => e.FullName == "word/document.xml" ? 0 : 1).ThenBy(e => e.FullName, StringComparer.Ordinal);
        var passages = new List<Passage>();
        foreach (var part in parts)
        {
            if (part.Length > 200 * 1024 * 1024)
            {
                throw new InvalidDataException("a part of the document is implausibly large");
            }

            using var stream = part.Open();
            var xml = XDocument.Load(XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
            var name = part.FullName == "word/document.xml" ? "paragraph" : $"{System.IO.Path.GetFileNameWithoutExtension(part.Name)} paragraph";
            passages.AddRange(xml.Descendants(W + "p").Select((p, i) => new Passage($"{name} {i + 1}", string.Concat(p.Descendants(W + "t").Select(t => t.Value)))));
        }

        return passages;
    }
}
