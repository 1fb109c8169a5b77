using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Tests.Reviews;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Orchestration.Orchestrator.Tests.Documents;

/// <summary>
/// The report upload: accepted by content (PDF, .docx, UTF-8 text), stored by hash, attached to the review; a document
/// naming the child or family recorded at referral is refused with every place named and nothing stored (N11).
/// </summary>
public sealed class ReportUploadTests : ReviewScenario
{
    [Fact]
    public async Task A_clean_PDF_is_stored_by_its_hash_and_attached_to_the_review()
    {
        var id = await CsprUnderWay();
        var pdf = Pdf("Child Safeguarding Practice Review: Child D", "Child D lived with Parent 1.", "Learning: professional curiosity.");

        using var response = await Client.Upload(id, "FinalReport", pdf, "application/pdf", "2027-05-10");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var hash = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var document = Assert.Single((await Client.Get(id)).Documents);
        Assert.Equal((ReportDocumentKind.FinalReport, ReviewAssert.Day("2027-05-10")), (document.Kind, document.AttachedOn));
        Assert.Equal(new DocumentReference(hash, $"cspr-{id.ToString("N")[..8]}-final-report.pdf", "application/pdf", pdf.Length), document.Document);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(Path.Combine(Factory.DocumentFolder, hash[..2], hash)));
        Assert.Contains(await Client.Timeline(id), e => e.Event == nameof(ReportDocumentAttached) && e.Outcome == "applied");
    }

    [Fact]
    public async Task A_PDF_naming_the_child_is_refused_saying_on_which_page_and_nothing_is_stored()
    {
        var id = await CsprUnderWay();
        var surname = Referrals.ChildName.Split(' ')[^1];
        var pdf = Pdf("Child Safeguarding Practice Review: Child D", $"Page two mentions {surname.ToUpperInvariant()} by mistake.");

        using var response = await Client.Upload(id, "FinalReport", pdf, "application/pdf");

        var problem = await ReviewAssert.Problem(response, HttpStatusCode.UnprocessableEntity);
        var finding = Assert.Single(problem["findings"]!.AsArray());
        Assert.Equal(("page 2", "the child's name"), ((string?)finding!["location"], (string?)finding["whose"]));
        Assert.DoesNotContain(surname, problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await Client.Get(id)).Documents);
        Assert.False(Directory.Exists(Factory.DocumentFolder) && Directory.EnumerateFiles(Factory.DocumentFolder, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task A_Word_document_naming_a_family_member_is_refused_by_paragraph_and_a_clean_one_accepted()
    {
        var id = await CsprUnderWay();
        var named = Docx("Child D's review.", "Learning about the family.", "The mother, Pat, said the health visitor had not called.");

        using var refused = await Client.Upload(id, "LearningOnly", named, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        var problem = await ReviewAssert.Problem(refused, HttpStatusCode.UnprocessableEntity);
        var finding = Assert.Single(problem["findings"]!.AsArray());
        Assert.Equal(("paragraph 3", "the name of family member 1"), ((string?)finding!["location"], (string?)finding["whose"]));

        using var accepted = await Client.Upload(id, "LearningOnly", Docx("Child D's review.", "Parent 1 said the health visitor had not called."),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal("docx", Path.GetExtension(Assert.Single((await Client.Get(id)).Documents).Document.FileName)[1..]);
    }

    [Theory]
    [InlineData("Line one.\nLine two names ZOË in capitals without the accent: zoe.", "line 2")]
    [InlineData("A hyphenated surname: Smith-Testchild.\n", "line 1")]
    public async Task Names_are_found_whatever_their_case_accents_or_punctuation(string text, string location)
    {
        var referral = Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04");
        referral["children"]![0]!["fullName"] = "Zoë Testchild";
        var id = (await Client.Open(referral)).Id;

        using var response = await Client.Upload(id, "FinalReport", Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");

        var problem = await ReviewAssert.Problem(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(location, (string?)Assert.Single(problem["findings"]!.AsArray())!["location"]);
    }

    [Fact]
    public async Task Placeholder_words_of_a_referral_are_not_taken_for_names()
    {
        var referral = Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04");
        referral["children"]![0]!["fullName"] = "Baby of Testparent";
        var id = await CsprUnderWay(referral);

        using var clean = await Client.Upload(id, "FinalReport", Encoding.UTF8.GetBytes("The baby was the child of a young mother."), "text/plain", "2027-01-04");
        Assert.Equal(HttpStatusCode.Created, clean.StatusCode);
    }

    [Theory]
    [InlineData("application/pdf", "not a pdf at all", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("text/plain", "%PDF-1.4 pretending", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("image/png", "\u0089PNG", HttpStatusCode.UnsupportedMediaType)]
    [InlineData(null, "no type", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_document_is_judged_by_its_content_not_its_declared_type(string? contentType, string content, HttpStatusCode expected)
    {
        var id = await CsprUnderWay();
        using var response = await Client.Upload(id, "FinalReport", Encoding.Latin1.GetBytes(content), contentType);
        await ReviewAssert.Problem(response, expected);
        Assert.Empty((await Client.Get(id)).Documents);
    }

    [Fact]
    public async Task A_damaged_PDF_a_binary_file_and_a_zip_that_is_not_Word_are_refused_not_failed()
    {
        var id = await CsprUnderWay();
        var damaged = Pdf("A report.")[..40];
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("readme.txt");
        }

        foreach (var (bytes, type) in new[] { (damaged, "application/pdf"), (new byte[] { 0, 1, 2, 3, 255 }, "text/plain"), (zip.ToArray(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document") })
        {
            using var response = await Client.Upload(id, "FinalReport", bytes, type);
            await ReviewAssert.Problem(response, HttpStatusCode.UnsupportedMediaType);
        }
    }

    [Fact]
    public async Task Size_kind_date_and_review_are_checked_before_anything_is_stored()
    {
        await using var small = OrchestratorFactory.With(new Dictionary<string, string?> { ["Documents:MaxBytes"] = "1000" });
        var client = new ReviewClient(small.CreateClient());
        var id = (await client.Open(Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;

        using (var large = await client.Upload(id, "FinalReport", Encoding.UTF8.GetBytes(new string('x', 1001)), "text/plain"))
        {
            await ReviewAssert.Problem(large, HttpStatusCode.RequestEntityTooLarge);
        }

        using (var noKind = await client.Upload(id, null, Encoding.UTF8.GetBytes("report"), "text/plain"))
        {
            Assert.Contains("kind", (await ReviewAssert.Malformed(noKind))["errors"]!.AsObject().Select(e => e.Key));
        }

        using (var future = await client.Upload(id, "FinalReport", Encoding.UTF8.GetBytes("report"), "text/plain", "2099-01-01"))
        {
            Assert.Contains("occurredOn", (await ReviewAssert.Malformed(future))["errors"]!.AsObject().Select(e => e.Key));
        }

        using (var empty = await client.Upload(id, "FinalReport", [], "text/plain"))
        {
            Assert.Contains("body", (await ReviewAssert.Malformed(empty))["errors"]!.AsObject().Select(e => e.Key));
        }

        using (var nobody = await client.Upload(Guid.NewGuid(), "FinalReport", Encoding.UTF8.GetBytes("report"), "text/plain"))
        {
            await ReviewAssert.Problem(nobody, HttpStatusCode.NotFound);
        }

        // A review that is not writing a report (still in Rapid Review) does not take one.
        using var early = await client.Upload(id, "FinalReport", Encoding.UTF8.GetBytes("report"), "text/plain");
        await ReviewAssert.Problem(early, HttpStatusCode.Conflict);
        Assert.Empty((await client.Get(id)).Documents);
    }

    /// <summary>A Warrington review whose local CSPR is under way (state LocalReview), ready for its report.</summary>
    private async Task<Guid> CsprUnderWay(System.Text.Json.Nodes.JsonObject? referral = null)
    {
        var id = (await Client.Open(referral ?? Referrals.Complete("warrington", "LocalAuthorityNotification", "2027-01-04", "2027-01-04"))).Id;
        await Client.Apply(id, "RapidReviewMeetingHeld", new { occurredOn = "2027-01-11", attendees = Referrals.FullMeeting() });
        await Client.Apply(id, "RapidReviewReportDrafted", new { occurredOn = "2027-01-12" });
        await Client.Apply(id, "RapidReviewReportEndorsed", new { occurredOn = "2027-01-13", endorsedBy = new[] { "LocalAuthority", "Police", "Icb" } });
        await Client.Apply(id, "RapidReviewOutcomeDecided", new { occurredOn = "2027-01-14", outcome = "LocalReview", reason = "Multi-agency learning." });
        var review = await Client.Apply(id, "NationalPanelResponded", new { occurredOn = "2027-02-01", agreesWithOutcome = true, nationalReview = false });
        Assert.Equal("LocalReview", review.State);
        return id;
    }

    /// <summary>A PDF with one page per text, written with PdfPig.</summary>
    public static byte[] Pdf(params string[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText(text, 12, new PdfPoint(40, 760), font);
        }

        return builder.Build();
    }

    /// <summary>A minimal Word .docx with one paragraph per text.</summary>
    public static byte[] Docx(params string[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            var body = string.Concat(paragraphs.Select(p => $"<w:p><w:r><w:t xml:space=\"preserve\">{System.Security.SecurityElement.Escape(p)}</w:t></w:r></w:p>"));
            Write(zip, "word/document.xml", $"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>""");
        }

        return stream.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
