using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestration.Contracts;
using Orchestration.Domain.Calendar;
using Orchestration.Infrastructure;
using Orchestration.Orchestrator.Documents;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Security;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>The report upload: checked by content, checked for names, stored by hash, then attached by an event.</summary>
public static partial class ReviewEndpoints
{
    internal static async Task<IResult> AttachDocument(
        Guid id, string? kind, DateOnly? occurredOn, HttpContext http, TimeProvider time, ReviewsDbContext database, ReviewStateMachine machine, IOptions<DocumentStoreOptions> options)
    {
        // By name only: Enum.TryParse also takes numbers ("0"), which are not a kind.
        if (!Enum.TryParse<ReportDocumentKind>(kind, ignoreCase: false, out var documentKind) || !Enum.IsDefined(documentKind)
            || !Enum.GetNames<ReportDocumentKind>().Contains(kind, StringComparer.Ordinal))
        {
            return Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["kind"] = [$"must be one of {string.Join(", ", Enum.GetNames<ReportDocumentKind>())}."],
            }, "document upload");
        }

        var today = LondonTime.DateAt(time.GetUtcNow());
        if (occurredOn > today)
        {
            return Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["occurredOn"] = ["is in the future."] }, "document upload");
        }

        if (occurredOn < Hosting.QueryDate.Earliest)
        {
            return Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["occurredOn"] = [$"must be {Hosting.QueryDate.Earliest:yyyy-MM-dd} or later."] }, "document upload");
        }

        var partnership = await database.Reviews.AsNoTracking().IgnoreAutoIncludes().Where(r => r.CorrelationId == id)
            .Select(r => r.Partnership).SingleOrDefaultAsync(http.RequestAborted).ConfigureAwait(false);
        var referral = partnership is not null && http.User.MaySee(partnership)
            ? await database.Referrals.AsNoTracking().SingleOrDefaultAsync(r => r.ReviewId == id, http.RequestAborted).ConfigureAwait(false)
            : null;
        if (referral is null)
        {
            return NoSuchReview(id);
        }

        await AccessLog.Record(database, http.User, id, partnership!, AccessLog.ReferralNameCheck, time, http.RequestAborted).ConfigureAwait(false);

        var limit = options.Value.MaxBytes;
        if (http.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        var content = buffer.ToArray();
        if (content.Length == 0)
        {
            return Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["body"] = ["must be the document's bytes."] }, "document upload");
        }

        var (document, problem) = DocumentInspector.Inspect(content, http.Request.ContentType);
        if (document is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The document is not accepted.",
                detail: $"Nothing was stored: {problem}.", extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["accepted"] = DocumentInspector.Accepted });
        }

        // Once the review's personal data is erased there are no names left to look for.
        var findings = Retention.PersonalDataErasure.IsErased(referral)
            ? []
            : NameCheck.Check(document.Passages,
                JsonSerializer.Deserialize<ReferralSubmitted>(referral.Payload) ?? throw new InvalidOperationException("a referral record holds no referral"));
        if (findings.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The document names people recorded at referral.",
                detail: $"Nothing was stored or sent. Anonymise the places listed and upload it again (N11): {string.Join("; ", findings.Select(f => $"{f.Whose} at {f.Location}"))}.",
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["findings"] = findings });
        }

        var sha256 = await ContentStore.Put(options.Value.Path, content, http.RequestAborted).ConfigureAwait(false);
        var slug = documentKind == ReportDocumentKind.FinalReport ? "final-report" : "learning-report";
        var reference = new DocumentReference(sha256, $"cspr-{id.ToString("N")[..8]}-{slug}.{document.Extension}", document.MediaType, content.Length);
        var attached = new ReportDocumentAttached(id, occurredOn ?? today, documentKind, reference);
        var answer = await SendToReview(http.RequestServices, attached, null, http.RequestAborted).ConfigureAwait(false);
        if (answer.Rejected is { } rejected)
        {
            return Refused(rejected);
        }

        var review = await Load(database, id, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Created($"/api/reviews/{id}", ReviewView.Of(review!, machine));
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The document is too large.",
            detail: $"Nothing was stored: documents are limited to {limit} bytes (Documents:MaxBytes).");
}
