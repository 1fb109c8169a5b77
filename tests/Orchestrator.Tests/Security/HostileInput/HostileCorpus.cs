using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.Security.HostileInput;

/// <summary>
/// The hostile-input corpus, generated from tables: each table is one kind of attack, crossed with the places it can be
/// made. Every case is a request a careless or malicious caller could send; none may open, change or record anything
/// beyond what is documented.
/// </summary>
public static class HostileCorpus
{
    private const string Key = OrchestratorFactory.DevelopmentKey;
    private const string Today = "2027-01-06";

    /// <summary>Strings that have broken other systems: SQL, markup, headers, format strings, odd Unicode, NUL, traversal.</summary>
    public static readonly IReadOnlyList<string> Injections =
    [
        "' OR '1'='1",
        "'; DROP TABLE reviews; --",
        "\" OR \"\"=\"",
        "1; SELECT * FROM referrals",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "\r\nX-Injected: yes",
        "%0d%0aSet-Cookie: a=b",
        "%s%s%s%n",
        "{0}{1}",
        "${jndi:ldap://example.invalid/a}",
        "{{7*7}}",
        "\u0000",
        "a\u0000b",
        "\u202Eevil",
        "\uFEFF",
        "H\u0338\u0321\u032A\u036Ce",
        "\U0001D57F\U0001D58A",
        "../../../../etc/passwd",
        "..\\..\\windows\\win.ini",
        new string('A', 5000),
    ];

    /// <summary>Bodies that are not an acceptable JSON object, given the endpoint's valid body (for truncation and repeats).</summary>
    private static IEnumerable<(string Name, Func<string, byte[]> Body)> MalformedBodies() =>
    [
        ("empty", _ => []),
        ("whitespace", _ => "  \n "u8.ToArray()),
        ("an opening brace", _ => "{"u8.ToArray()),
        ("a closing brace", _ => "}"u8.ToArray()),
        ("an array", _ => "[]"u8.ToArray()),
        ("null", _ => "null"u8.ToArray()),
        ("a number", _ => "42"u8.ToArray()),
        ("a string", _ => "\"a string\""u8.ToArray()),
        ("a missing value", _ => "{\"occurredOn\":}"u8.ToArray()),
        ("single quotes", _ => "{'occurredOn':'2027-01-06'}"u8.ToArray()),
        ("a trailing comma", valid => Encoding.UTF8.GetBytes(valid.TrimEnd('}') + ",}")),
        ("two documents", valid => Encoding.UTF8.GetBytes(valid + " {}")),
        ("a comment", valid => Encoding.UTF8.GetBytes("/* c */ " + valid)),
        ("a lone surrogate", _ => "{\"occurredOn\":\"\\uD800\"}"u8.ToArray()),
        ("NaN", _ => "{\"occurredOn\":NaN}"u8.ToArray()),
        ("invalid UTF-8", _ => [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']),
        ("truncated", valid => Encoding.UTF8.GetBytes(valid[..(valid.Length / 2)])),
        ("objects nested 200 deep", _ => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200))),
        ("arrays nested 200 deep", _ => Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 200) + new string(']', 200) + "}")),
        ("a property given twice", valid => Encoding.UTF8.GetBytes("{\"reason\":\"x\",\"reason\":\"y\"," + valid[1..])),
        ("a property given twice in another case", valid => Encoding.UTF8.GetBytes("{\"Reason\":\"x\",\"reason\":\"y\"," + valid[1..])),
        ("a NUL property name", valid => Encoding.UTF8.GetBytes("{\"\\u0000\":1," + valid[1..])),
    ];

    /// <summary>Every case.</summary>
    public static IEnumerable<HostileCase> Cases() =>
    [
        .. Malformed(), .. ContentTypes(), .. WrongTypes(), .. UnknownFields(), .. Oversized(), .. InjectionCases(), .. Traversal(),
        .. Documents(), .. UnknownReviews(), .. AnotherPartnership(), .. UnknownEvents(), .. OutOfOrder(), .. Replays(),
        .. ForgedPartnership(), .. Keys(), .. WrongRoles(), .. Queries(), .. Dates(),
    ];

    /// <summary>The JSON endpoints with a valid body each: the body is what varies.</summary>
    private static IEnumerable<(string Name, Func<HostileService, string> Path, string Body)> JsonEndpoints() =>
    [
        ("referral", _ => "/api/reviews", ValidReferral().ToJsonString()),
        ("SeriousIncidentNotified", s => $"/api/reviews/{s.Warrington}/events/SeriousIncidentNotified", $"{{\"occurredOn\":\"{Today}\"}}"),
        ("PartnerDecisionRecorded", s => $"/api/reviews/{s.Warrington}/events/PartnerDecisionRecorded",
            $"{{\"occurredOn\":\"{Today}\",\"partner\":\"Police\",\"decision\":\"RapidReview\",\"reason\":\"Criteria met\"}}"),
        ("RapidReviewMeetingHeld", s => $"/api/reviews/{s.Warrington}/events/RapidReviewMeetingHeld",
            $"{{\"occurredOn\":\"{Today}\",\"attendees\":[{{\"name\":\"Chair\",\"agency\":\"Council\",\"partner\":\"LocalAuthority\"}}]}}"),
        ("calendar change", _ => "/api/admin/calendar/changes", "{\"addedDays\":[\"2027-03-03\"],\"reason\":\"State funeral\"}"),
    ];

    private static IEnumerable<HostileCase> Malformed() =>
        from endpoint in JsonEndpoints()
        from body in MalformedBodies()
        select new HostileCase("malformed body", $"{endpoint.Name}: {body.Name}",
            s => HostileService.Request(HttpMethod.Post, endpoint.Path(s), Bytes(body.Body(endpoint.Body), "application/json")));

    private static IEnumerable<HostileCase> ContentTypes() =>
        from endpoint in JsonEndpoints()
        from type in new string?[] { null, "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/jsonx", "application/problem+json" }
        select new HostileCase("wrong content type", $"{endpoint.Name}: {type ?? "none"}",
            s => HostileService.Request(HttpMethod.Post, endpoint.Path(s), HostileService.Json(endpoint.Body, type)), Status: 415);

    private static IEnumerable<HostileCase> WrongTypes()
    {
        (string Path, JsonNode? Value)[] referral =
        [
            ("partnership", 42), ("partnership", true), ("partnership", new JsonArray()), ("partnership", new JsonObject()),
            ("route", 1), ("route", "NoSuchRoute"), ("receivedOn", 20270201), ("receivedOn", "2027-02-30"), ("receivedOn", "01/02/2027"),
            ("receivedOn", "2027-02-01T10:00:00Z"), ("becameAwareOn", "yesterday"), ("becameAwareOn", new JsonObject()), ("incidentOn", 5),
            ("childDied", "yes"), ("childDied", 1), ("childDied", null), ("seriousHarm", "true"), ("referrer", "Jo"), ("referrer", new JsonArray()),
            ("referrer.email", 5), ("referrer.email", "not an address"), ("children", new JsonObject()), ("children", "child"), ("children", new JsonArray(1)),
            ("children[0].fullName", 7), ("children[0].dateOfBirth", "02/04/2019"), ("familyMembers", "none"), ("agencies", 3),
            ("summary", 9), ("summary", new JsonArray()), ("reasonForReferral", false), ("requestedReviewType", "Whatever"), ("requestedReviewType", 3),
            ("eventId", "not-a-guid"), ("eventId", 12), ("eventId", Guid.Empty.ToString()),
        ];
        foreach (var (path, value) in referral)
        {
            yield return new HostileCase("wrong type", $"referral {path} = {value?.ToJsonString() ?? "null"}",
                _ => Post("/api/reviews", Set(ValidReferral(), path, value?.DeepClone())));
        }

        (string Event, string Body)[] events =
        [
            ("SeriousIncidentNotified", "{\"occurredOn\":123}"), ("SeriousIncidentNotified", "{\"occurredOn\":\"2027-13-45\"}"),
            ("SeriousIncidentNotified", "{\"occurredOn\":\"yesterday\"}"), ("SeriousIncidentNotified", "{\"occurredOn\":null}"),
            ("SeriousIncidentNotified", "{}"), ("SeriousIncidentNotified", $"{{\"occurredOn\":\"{Today}\",\"eventId\":\"not-a-guid\"}}"),
            ("SeriousIncidentNotified", $"{{\"occurredOn\":\"{Today}\",\"eventId\":5}}"),
            ("SeriousIncidentNotified", $"{{\"occurredOn\":\"{Today}\",\"eventId\":\"{Guid.Empty}\"}}"),
            ("PartnerDecisionRecorded", $"{{\"occurredOn\":\"{Today}\",\"partner\":\"Nobody\",\"decision\":\"RapidReview\",\"reason\":\"x\"}}"),
            ("PartnerDecisionRecorded", $"{{\"occurredOn\":\"{Today}\",\"partner\":0,\"decision\":\"RapidReview\",\"reason\":\"x\"}}"),
            ("PartnerDecisionRecorded", $"{{\"occurredOn\":\"{Today}\",\"partner\":\"Police\",\"decision\":true,\"reason\":\"x\"}}"),
            ("PartnerDecisionRecorded", $"{{\"occurredOn\":\"{Today}\",\"partner\":\"Police\",\"decision\":\"RapidReview\",\"reason\":[]}}"),
            ("PartnerDecisionRecorded", $"{{\"occurredOn\":\"{Today}\",\"partner\":\"Police\",\"decision\":\"RapidReview\",\"reason\":\"  \"}}"),
            ("RapidReviewMeetingHeld", $"{{\"occurredOn\":\"{Today}\",\"attendees\":\"everyone\"}}"),
            ("RapidReviewMeetingHeld", $"{{\"occurredOn\":\"{Today}\",\"attendees\":[]}}"),
            ("RapidReviewMeetingHeld", $"{{\"occurredOn\":\"{Today}\",\"attendees\":[{{\"name\":1,\"agency\":\"x\"}}]}}"),
            ("RapidReviewMeetingHeld", $"{{\"occurredOn\":\"{Today}\",\"attendees\":[{{\"name\":\"A\",\"agency\":\"x\",\"partner\":\"Mayor\"}}]}}"),
            ("InformationRequestsSent", $"{{\"occurredOn\":\"{Today}\",\"agencies\":[\"\"],\"dueOn\":\"2027-01-20\"}}"),
            ("ReportPublished", $"{{\"occurredOn\":\"{Today}\",\"url\":\"ftp://example.org/r\",\"publishedOn\":\"{Today}\"}}"),
            ("ReportPublished", $"{{\"occurredOn\":\"{Today}\",\"url\":\"not a url\",\"publishedOn\":\"{Today}\"}}"),
            ("ReportPublished", $"{{\"occurredOn\":\"{Today}\",\"url\":\"javascript:alert(1)\",\"publishedOn\":\"{Today}\"}}"),
        ];
        foreach (var (name, body) in events)
        {
            yield return new HostileCase("wrong type", $"{name} {body}", s => Post($"/api/reviews/{s.Warrington}/events/{name}", body));
        }
    }

    private static IEnumerable<HostileCase> UnknownFields() =>
    [
        new("unknown field", "referral isAdmin", _ => Post("/api/reviews", Set(ValidReferral(), "isAdmin", true))),
        new("unknown field", "referral state", _ => Post("/api/reviews", Set(ValidReferral(), "state", "Closed"))),
        new("unknown field", "referral Partnership beside partnership", _ => Post("/api/reviews", Set(ValidReferral(), "Partnership", "gloucestershire"))),
        new("unknown field", "referral referrer.role", _ => Post("/api/reviews", Set(ValidReferral(), "referrer.role", "Administrator"))),
        new("unknown field", "referral children[0].nhsNumber", _ => Post("/api/reviews", Set(ValidReferral(), "children[0].nhsNumber", "943 476 5919"))),
        new("unknown field", "event currentState", s => Post($"/api/reviews/{s.Warrington}/events/SeriousIncidentNotified", $"{{\"occurredOn\":\"{Today}\",\"currentState\":\"Closed\"}}")),
        new("unknown field", "event version", s => Post($"/api/reviews/{s.Warrington}/events/CsprCommissioned", $"{{\"occurredOn\":\"{Today}\",\"version\":99}}")),
        new("unknown field", "calendar change extra", _ => Post("/api/admin/calendar/changes", "{\"addedDays\":[\"2027-03-03\"],\"reason\":\"State funeral\",\"force\":true}")),
    ];

    private static IEnumerable<HostileCase> Oversized()
    {
        (string Path, JsonNode Value)[] referral =
        [
            ("summary", new string('s', 8001)), ("reasonForReferral", new string('r', 8001)), ("referrer.name", new string('n', 201)),
            ("referrer.jobTitle", new string('j', 201)), ("referrer.phone", new string('1', 201)), ("referrer.email", new string('e', 300) + "@x.example"),
            ("children[0].fullName", new string('c', 201)), ("children[0].address", new string('a', 8001)), ("children[0].gender", new string('g', 201)),
            ("children[0].ethnicity", new string('e', 201)), ("familyMembers[0].relationship", new string('m', 201)), ("agencies[0].practitioner", new string('p', 201)),
            ("children", Many(51, i => new JsonObject { ["fullName"] = $"Child {i}" })),
            ("familyMembers", Many(51, i => new JsonObject { ["fullName"] = $"Member {i}", ["relationship"] = "Aunt" })),
            ("agencies", Many(51, i => new JsonObject { ["name"] = $"Agency {i}" })),
            ("agencies", Many(1001, i => new JsonObject { ["name"] = $"Agency {i}" })),
        ];
        foreach (var (path, value) in referral)
        {
            var size = value is JsonArray list ? $" of {list.Count}" : $" of {value.GetValue<string>().Length} characters";
            yield return new HostileCase("oversized", $"referral {path}{size}", _ => Post("/api/reviews", Set(ValidReferral(), path, value.DeepClone())));
        }

        yield return new HostileCase("oversized", "a property name of 200 characters", _ => Post("/api/reviews", Set(ValidReferral(), new string('p', 200), 1)));
        yield return new HostileCase("oversized", "PartnerDecisionRecorded reason", s => Post($"/api/reviews/{s.Warrington}/events/PartnerDecisionRecorded",
            new JsonObject { ["occurredOn"] = Today, ["partner"] = "Police", ["decision"] = "RapidReview", ["reason"] = new string('r', 8001) }));
        yield return new HostileCase("oversized", "RapidReviewMeetingHeld 51 attendees", s => Post($"/api/reviews/{s.Warrington}/events/RapidReviewMeetingHeld",
            new JsonObject { ["occurredOn"] = Today, ["attendees"] = Many(51, i => new JsonObject { ["name"] = $"P{i}", ["agency"] = $"A{i}" }) }));
        yield return new HostileCase("oversized", "RapidReviewReportEndorsed 51 partners", s => Post($"/api/reviews/{s.Warrington}/events/RapidReviewReportEndorsed",
            new JsonObject { ["occurredOn"] = Today, ["endorsedBy"] = Many(51, _ => JsonValue.Create("Police")) }));
        yield return new HostileCase("oversized", "LeadReviewerAppointed reviewerName", s => Post($"/api/reviews/{s.Warrington}/events/LeadReviewerAppointed",
            new JsonObject { ["occurredOn"] = Today, ["reviewerName"] = new string('n', 300), ["conflictOfInterestDeclared"] = false }));
        yield return new HostileCase("oversized", "ReportPublished url", s => Post($"/api/reviews/{s.Warrington}/events/ReportPublished",
            new JsonObject { ["occurredOn"] = Today, ["url"] = "https://example.org/" + new string('u', 3000), ["publishedOn"] = Today }));
        yield return new HostileCase("oversized", "calendar change reason", _ => Post("/api/admin/calendar/changes",
            new JsonObject { ["addedDays"] = new JsonArray("2027-03-03"), ["reason"] = new string('r', 501) }));

        // Over the 1 MiB body limit: declared (answered before it is read) and chunked (cut off while it is read).
        yield return new HostileCase("oversized", "a 2 MiB referral with its length declared", _ =>
        {
            var request = HostileService.Request(HttpMethod.Post, "/api/reviews", Bytes(Padded(ValidReferral(), 2 * 1024 * 1024), "application/json"));
            request.Headers.ExpectContinue = true;
            return request;
        }, Status: 413);
        yield return new HostileCase("oversized", "a 2 MiB event sent chunked", s =>
        {
            var content = new StreamContent(new MemoryStream(Padded(new JsonObject { ["occurredOn"] = Today }, 2 * 1024 * 1024)));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var request = HostileService.Request(HttpMethod.Post, $"/api/reviews/{s.Warrington}/events/SeriousIncidentNotified", content);
            request.Headers.TransferEncodingChunked = true;
            return request;
        }, Status: 413);
        yield return new HostileCase("oversized", "a 2 MiB calendar change", _ =>
        {
            var request = HostileService.Request(HttpMethod.Post, "/api/admin/calendar/changes", Bytes(Padded(new JsonObject { ["reason"] = "x" }, 2 * 1024 * 1024), "application/json"));
            request.Headers.ExpectContinue = true;
            return request;
        }, Status: 413);
        yield return new HostileCase("oversized", "a 21 MiB document", s =>
        {
            var request = HostileService.Request(HttpMethod.Post, $"/api/reviews/{s.Warrington}/documents?kind=FinalReport", Bytes(new byte[21 * 1024 * 1024], "text/plain"));
            request.Headers.ExpectContinue = true;
            return request;
        }, Status: 413);
    }

    private static IEnumerable<HostileCase> InjectionCases()
    {
        foreach (var (text, index) in Injections.Select((t, i) => (t, i)))
        {
            var label = $"#{index + 1}";
            var escaped = Uri.EscapeDataString(text);

            // Kestrel refuses a path holding a NUL itself, before the pipeline: 400 with no body.
            (Expected Expected, int? Status) inPath = text.Contains('\0', StringComparison.Ordinal) ? (Expected.RefusedByServer, (int?)400) : (Expected.Refused, 404);
            yield return new("injection", $"{label} as the referral's partnership", _ => Post("/api/reviews", Set(ValidReferral(), "partnership", text)));
            yield return new("injection", $"{label} as an event name", s => HostileService.Request(HttpMethod.Post, $"/api/reviews/{s.Warrington}/events/{escaped}",
                HostileService.Json($"{{\"occurredOn\":\"{Today}\"}}")), inPath.Expected, inPath.Status);
            yield return new("injection", $"{label} as a profile name", _ => HostileService.Request(HttpMethod.Get, $"/api/profiles/{escaped}"), inPath.Expected, inPath.Status);
            yield return new("injection", $"{label} as a report's partnership", _ => HostileService.Request(HttpMethod.Get,
                $"/api/reports/partnerships/{escaped}?from=2027-01-01&to=2027-12-31"), inPath.Expected, inPath.Status);
            yield return new("injection", $"{label} as a deadline status", _ => HostileService.Request(HttpMethod.Get, $"/api/deadlines?status={escaped}"));
            yield return new("injection", $"{label} as a review list's state", _ => HostileService.Request(HttpMethod.Get, $"/api/reviews?state={escaped}"));
            yield return new("injection", $"{label} as an event's occurredOn", s => Post($"/api/reviews/{s.Warrington}/events/SeriousIncidentNotified",
                new JsonObject { ["occurredOn"] = text }));
            yield return new("injection", $"{label} as a document kind", s => HostileService.Request(HttpMethod.Post,
                $"/api/reviews/{s.Warrington}/documents?kind={escaped}", Bytes(Encoding.UTF8.GetBytes(ReviewClient.AnonymisedReport), "text/plain")));
            yield return new("injection", $"{label} as a working-days date", _ => HostileService.Request(HttpMethod.Get, $"/api/calendar/working-days?from={escaped}&offset=1"));
        }
    }

    private static IEnumerable<HostileCase> Traversal() =>
    [
        new("traversal", "review id ../../etc/passwd", _ => HostileService.Request(HttpMethod.Get, "/api/reviews/..%2F..%2Fetc%2Fpasswd"), Status: 404),
        new("traversal", "review id with dot segments", _ => HostileService.Request(HttpMethod.Get, "/api/reviews/%2e%2e/%2e%2e/etc/passwd"), Status: 404),
        new("traversal", "timeline of ../", s => HostileService.Request(HttpMethod.Get, $"/api/reviews/{s.Warrington}/..%2F..%2Fadmin%2Faccess-log"), Status: 404),
        new("traversal", "event name ../../admin", s => Post($"/api/reviews/{s.Warrington}/events/..%2F..%2Fadmin", $"{{\"occurredOn\":\"{Today}\"}}"), Status: 404),
        new("traversal", "event name with a backslash", s => Post($"/api/reviews/{s.Warrington}/events/..%5C..%5Cadmin", $"{{\"occurredOn\":\"{Today}\"}}"), Status: 404),
        new("traversal", "profile ../../appsettings.json", _ => HostileService.Request(HttpMethod.Get, "/api/profiles/..%2F..%2Fappsettings.json"), Status: 404),
        new("traversal", "profile timetable of ../national", _ => HostileService.Request(HttpMethod.Get, "/api/profiles/..%2Fnational/timetable?referral=2027-01-04"), Status: 404),
        new("traversal", "report of ../../warrington", _ => HostileService.Request(HttpMethod.Get, "/api/reports/partnerships/..%2F..%2Fwarrington?from=2027-01-01&to=2027-12-31"), Status: 404),
        new("traversal", "review id that is almost a guid", _ => HostileService.Request(HttpMethod.Get, "/api/reviews/00000000-0000-0000-0000-00000000000g"), Status: 404),
        new("traversal", "review id with a NUL", _ => HostileService.Request(HttpMethod.Get, "/api/reviews/%00"), Expected.RefusedByServer, 400),
        new("traversal", "hub report of ../*", _ => HostileService.Request(HttpMethod.Get, "/api/reports/hub?partnerships=..%2F*,%2A&from=2027-01-01&to=2027-12-31"), Status: 404),
    ];

    private static IEnumerable<HostileCase> Documents()
    {
        (string Name, byte[] Body, string? Type, string? FileName)[] uploads =
        [
            ("an executable named .pdf", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0], "application/pdf", "report.pdf"),
            ("an executable with a traversal name", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0], "application/pdf", "../../../../etc/passwd"),
            ("text labelled a PDF", Encoding.UTF8.GetBytes(ReviewClient.AnonymisedReport), "application/pdf", "..\\..\\report.pdf"),
            ("a PDF header then text labelled text", Encoding.UTF8.GetBytes("%PDF-1.7\n" + ReviewClient.AnonymisedReport), "text/plain", "report.txt"),
            ("a zip that is not a .docx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6], "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "report.docx"),
            ("text with a NUL", Encoding.UTF8.GetBytes("Report\0hidden"), "text/plain", "report.txt"),
            ("UTF-16 text", Encoding.Unicode.GetBytes(ReviewClient.AnonymisedReport), "text/plain", "report.txt"),
            ("HTML with script", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "text/html", "report.html"),
            ("invalid UTF-8", [0xC3, 0x28, 0xA0, 0xA1], "text/plain", "report.txt"),
            ("no content type", Encoding.UTF8.GetBytes(ReviewClient.AnonymisedReport), null, "report.txt"),
            ("an image", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "image/png", "report.png"),
            ("empty", [], "text/plain", "report.txt"),
        ];
        foreach (var (name, body, type, file) in uploads)
        {
            yield return new HostileCase("document", name, s =>
            {
                var content = Bytes(body, type);
                if (file is not null)
                {
                    content.Headers.TryAddWithoutValidation("Content-Disposition", $"attachment; filename=\"{file}\"");
                }

                return HostileService.Request(HttpMethod.Post, $"/api/reviews/{s.Warrington}/documents?kind=FinalReport", content);
            });
        }
    }

    private static IEnumerable<HostileCase> UnknownReviews()
    {
        foreach (var (label, id) in new[] { ("a random id", Guid.Parse("0badc0de-0000-4000-8000-000000000000")), ("the empty id", Guid.Empty) })
        {
            yield return new("unknown review", $"read {label}", _ => HostileService.Request(HttpMethod.Get, $"/api/reviews/{id}"), Status: 404);
            yield return new("unknown review", $"timeline of {label}", _ => HostileService.Request(HttpMethod.Get, $"/api/reviews/{id}/timeline"), Status: 404);
            yield return new("unknown review", $"verify {label}", _ => HostileService.Request(HttpMethod.Get, $"/api/reviews/{id}/timeline/verify"), Status: 404);
            yield return new("unknown review", $"compliance of {label}", _ => HostileService.Request(HttpMethod.Get, $"/api/reviews/{id}/compliance"), Status: 404);
            // The empty id is refused as a malformed event (422 naming reviewId) before any review is looked for.
            var eventStatus = id == Guid.Empty ? (int?)null : 404;
            yield return new("unknown review", $"event for {label}", _ => Post($"/api/reviews/{id}/events/SeriousIncidentNotified", $"{{\"occurredOn\":\"{Today}\"}}"), Status: eventStatus);
            yield return new("unknown review", $"document for {label}", _ => HostileService.Request(HttpMethod.Post, $"/api/reviews/{id}/documents?kind=FinalReport",
                Bytes(Encoding.UTF8.GetBytes(ReviewClient.AnonymisedReport), "text/plain")), Status: 404);
            yield return new("unknown review", $"event for {label} by a bound key", _ => Post($"/api/reviews/{id}/events/SeriousIncidentNotified", $"{{\"occurredOn\":\"{Today}\"}}",
                SecuredOrchestrator.WarringtonSubmitter), Status: eventStatus);
            yield return new("unknown review", $"read {label} by a bound key", _ => HostileService.Request(HttpMethod.Get, $"/api/reviews/{id}", key: SecuredOrchestrator.WarringtonReader), Status: 404);
        }
    }

    private static IEnumerable<HostileCase> AnotherPartnership() =>
    [
        new("another partnership", "read", s => HostileService.Request(HttpMethod.Get, $"/api/reviews/{s.Gloucestershire}", key: SecuredOrchestrator.WarringtonReader), Status: 404),
        new("another partnership", "timeline", s => HostileService.Request(HttpMethod.Get, $"/api/reviews/{s.Gloucestershire}/timeline", key: SecuredOrchestrator.WarringtonReader), Status: 404),
        new("another partnership", "verify", s => HostileService.Request(HttpMethod.Get, $"/api/reviews/{s.Gloucestershire}/timeline/verify", key: SecuredOrchestrator.WarringtonReader), Status: 404),
        new("another partnership", "compliance", s => HostileService.Request(HttpMethod.Get, $"/api/reviews/{s.Gloucestershire}/compliance", key: SecuredOrchestrator.WarringtonReader), Status: 404),
        new("another partnership", "event", s => Post($"/api/reviews/{s.Gloucestershire}/events/SeriousIncidentNotified", $"{{\"occurredOn\":\"{Today}\"}}", SecuredOrchestrator.WarringtonSubmitter), Status: 404),
        new("another partnership", "partner's decision", s => Post($"/api/reviews/{s.Gloucestershire}/events/PartnerDecisionRecorded",
            $"{{\"occurredOn\":\"{Today}\",\"partner\":\"Police\",\"decision\":\"RapidReview\",\"reason\":\"x\"}}", SecuredOrchestrator.WarringtonPartner), Status: 404),
        new("another partnership", "document", s => HostileService.Request(HttpMethod.Post, $"/api/reviews/{s.Gloucestershire}/documents?kind=FinalReport",
            Bytes(Encoding.UTF8.GetBytes(ReviewClient.AnonymisedReport), "text/plain"), SecuredOrchestrator.WarringtonSubmitter), Status: 404),
        new("another partnership", "a repeat referral naming its review", s => Post("/api/reviews", Set(ValidReferral(), "eventId", s.Gloucestershire.ToString()),
            SecuredOrchestrator.WarringtonSubmitter), Status: 404),
        new("another partnership", "its access log", s => HostileService.Request(HttpMethod.Get, $"/api/admin/access-log?reviewId={s.Gloucestershire}", key: SecuredOrchestrator.WarringtonReader), Status: 403),
    ];

    private static IEnumerable<HostileCase> UnknownEvents() =>
        from name in new[]
        {
            "DoesNotExist", "seriousincidentnotified", "SERIOUSINCIDENTNOTIFIED", "ReportDocumentAttached", "DeadlineMissed", "DeadlineApproaching",
            "StatutoryNotificationSent", "StatutoryNotificationFailed", "BankHolidaysChanged", "DeliveryRetryRequested", "PublicationCleared",
            "PublicationBlocked", "ReferralSubmitted", "ReviewEventApplied", "IReviewEvent", "SeriousIncidentNotified.json", "SeriousIncidentNotified%20",
        }
        select new HostileCase("unknown event", name, s => Post($"/api/reviews/{s.Warrington}/events/{name}", $"{{\"occurredOn\":\"{Today}\"}}"), Status: 404);

    private static IEnumerable<HostileCase> OutOfOrder() =>
        from e in new (string Name, string Body)[]
        {
            ("CsprCommissioned", $"{{\"occurredOn\":\"{Today}\"}}"),
            ("TermsOfReferenceAgreed", $"{{\"occurredOn\":\"{Today}\"}}"),
            ("FinalReportSignedOff", $"{{\"occurredOn\":\"{Today}\"}}"),
            ("NationalPanelResponded", $"{{\"occurredOn\":\"{Today}\",\"agreesWithOutcome\":true,\"nationalReview\":false}}"),
            ("LeadReviewerAppointed", $"{{\"occurredOn\":\"{Today}\",\"reviewerName\":\"A Reviewer\",\"conflictOfInterestDeclared\":false}}"),
            ("LearningActionCompleted", $"{{\"occurredOn\":\"{Today}\",\"actionId\":\"LA-1\"}}"),
            ("RapidReviewReportEndorsed", $"{{\"occurredOn\":\"{Today}\",\"endorsedBy\":[\"Police\"]}}"),
            ("ReportPublished", $"{{\"occurredOn\":\"{Today}\",\"url\":\"https://example.org/r.pdf\",\"publishedOn\":\"{Today}\"}}"),
            ("PublicationScheduled", $"{{\"occurredOn\":\"{Today}\",\"publishOn\":\"2027-03-01\",\"learningOnly\":false}}"),
            ("DecisionNotToPublish", $"{{\"occurredOn\":\"{Today}\",\"justification\":\"Risk to a sibling\"}}"),
            ("CsprCommissioned", "{\"occurredOn\":\"2026-12-01\"}"),
        }
        select new HostileCase("out of order", $"{e.Name} {e.Body}", s => Post($"/api/reviews/{s.Warrington}/events/{e.Name}", e.Body), Expected.RefusedAndRecorded, 409);

    private static IEnumerable<HostileCase> Replays() =>
    [
        new("replay", "the applied event again", s => Post($"/api/reviews/{s.Warrington}/events/SeriousIncidentNotified",
            $"{{\"occurredOn\":\"2027-01-05\",\"eventId\":\"{HostileService.AppliedEventId}\"}}"), Expected.Replayed),
        new("replay", "the applied event's id with another date", s => Post($"/api/reviews/{s.Warrington}/events/SeriousIncidentNotified",
            $"{{\"occurredOn\":\"2027-01-06\",\"eventId\":\"{HostileService.AppliedEventId}\"}}"), Expected.Replayed),
        new("replay", "the applied event's id on another event", s => Post($"/api/reviews/{s.Warrington}/events/CsprCommissioned",
            $"{{\"occurredOn\":\"2027-01-06\",\"eventId\":\"{HostileService.AppliedEventId}\"}}"), Expected.Replayed),
        new("replay", "the applied event by a bound key", s => Post($"/api/reviews/{s.Warrington}/events/SeriousIncidentNotified",
            $"{{\"occurredOn\":\"2027-01-05\",\"eventId\":\"{HostileService.AppliedEventId}\"}}", SecuredOrchestrator.WarringtonSubmitter), Expected.Replayed),
        new("replay", "the referral again", _ => Post("/api/reviews", Set(ValidReferral("2027-01-04"), "eventId", HostileService.ReferralEventId.ToString())), Expected.Replayed),
        new("replay", "the referral's id with other content", _ => Post("/api/reviews",
            Set(Set(ValidReferral(), "eventId", HostileService.ReferralEventId.ToString()), "summary", "Something else entirely")), Expected.Replayed),
    ];

    private static IEnumerable<HostileCase> ForgedPartnership() =>
    [
        new("forged partnership", "a referral for another partnership", _ => Post("/api/reviews", Set(ValidReferral(), "partnership", "gloucestershire"), SecuredOrchestrator.WarringtonSubmitter), Status: 403),
        new("forged partnership", "a referral for every partnership", _ => Post("/api/reviews", Set(ValidReferral(), "partnership", "*"), SecuredOrchestrator.WarringtonSubmitter)),
        new("forged partnership", "a referral for the national profile", _ => Post("/api/reviews", Set(ValidReferral(), "partnership", "national"), SecuredOrchestrator.WarringtonSubmitter)),
        new("forged partnership", "an event carrying a partnership", s => Post($"/api/reviews/{s.Warrington}/events/SeriousIncidentNotified",
            $"{{\"occurredOn\":\"{Today}\",\"partnership\":\"gloucestershire\"}}", SecuredOrchestrator.WarringtonSubmitter)),
        new("forged partnership", "an event naming another review", s => Post($"/api/reviews/{s.Warrington}/events/SeriousIncidentNotified",
            $"{{\"occurredOn\":\"{Today}\",\"reviewId\":\"{s.Gloucestershire}\"}}")),
        new("forged partnership", "an event with a review id that is not an id", s => Post($"/api/reviews/{s.Warrington}/events/SeriousIncidentNotified",
            $"{{\"occurredOn\":\"{Today}\",\"reviewId\":7}}")),
        new("forged partnership", "another partnership's report", _ => HostileService.Request(HttpMethod.Get,
            "/api/reports/partnerships/gloucestershire?from=2027-01-01&to=2027-12-31", key: SecuredOrchestrator.WarringtonReader), Status: 404),
        new("forged partnership", "a hub report of another partnership only", _ => HostileService.Request(HttpMethod.Get,
            "/api/reports/hub?partnerships=gloucestershire&from=2027-01-01&to=2027-12-31", key: SecuredOrchestrator.WarringtonReader), Status: 404),
        new("forged partnership", "a partnership header", s =>
        {
            var request = Post($"/api/reviews/{s.Gloucestershire}/events/SeriousIncidentNotified", $"{{\"occurredOn\":\"{Today}\"}}", SecuredOrchestrator.WarringtonSubmitter);
            request.Headers.Add("X-Partnership", "gloucestershire");
            return request;
        }, Status: 404),
    ];

    private static IEnumerable<HostileCase> Keys()
    {
        (string Name, string? Key, string? Authorization)[] keys =
        [
            ("no key", null, null), ("an empty key", "", null), ("a wrong key", "wrong-key-0000000000000000", null),
            ("a revoked key", SecuredOrchestrator.RevokedWarringtonReader, null), ("a 10,000-character key", new string('k', 10_000), null),
            ("a key with spaces inside", "tests development key not for production", null), ("a bearer token without JWT configured", null, "Bearer not.a.token"),
            ("the key's hash instead of the key", SecuredOrchestrator.HashOf(Key), null), ("the key in another case", Key.ToUpperInvariant(), null),
        ];
        (string Name, Func<HostileService, HttpMethod> Method, Func<HostileService, string> Path, Func<HttpContent?> Body)[] endpoints =
        [
            ("list reviews", _ => HttpMethod.Get, _ => "/api/reviews", () => null),
            ("open a review", _ => HttpMethod.Post, _ => "/api/reviews", () => HostileService.Json(ValidReferral().ToJsonString())),
            ("send an event", _ => HttpMethod.Post, s => $"/api/reviews/{s.Warrington}/events/CsprCommissioned", () => HostileService.Json($"{{\"occurredOn\":\"{Today}\"}}")),
            ("list deadlines", _ => HttpMethod.Get, _ => "/api/deadlines", () => null),
            ("read the access log", _ => HttpMethod.Get, _ => "/api/admin/access-log", () => null),
            ("change the calendar", _ => HttpMethod.Post, _ => "/api/admin/calendar/changes", () => HostileService.Json("{\"addedDays\":[\"2027-03-03\"],\"reason\":\"State funeral\"}")),
            ("upload a document", _ => HttpMethod.Post, s => $"/api/reviews/{s.Warrington}/documents?kind=FinalReport",
                () => Bytes(Encoding.UTF8.GetBytes(ReviewClient.AnonymisedReport), "text/plain")),
        ];
        foreach (var key in keys)
        {
            foreach (var endpoint in endpoints)
            {
                yield return new HostileCase("key", $"{endpoint.Name} with {key.Name}", s =>
                {
                    var request = HostileService.Request(endpoint.Method(s), endpoint.Path(s), endpoint.Body(), key.Key);
                    if (key.Authorization is not null)
                    {
                        request.Headers.TryAddWithoutValidation("Authorization", key.Authorization);
                    }

                    return request;
                }, Status: 401);
            }
        }
    }

    private static IEnumerable<HostileCase> WrongRoles() =>
    [
        new("wrong role", "a reader opens a review", _ => Post("/api/reviews", ValidReferral(), SecuredOrchestrator.WarringtonReader), Status: 403),
        new("wrong role", "a reader sends an event", s => Post($"/api/reviews/{s.Warrington}/events/CsprCommissioned", $"{{\"occurredOn\":\"{Today}\"}}", SecuredOrchestrator.WarringtonReader), Status: 403),
        new("wrong role", "a submitter records a partner's decision", s => Post($"/api/reviews/{s.Warrington}/events/PartnerDecisionRecorded",
            $"{{\"occurredOn\":\"{Today}\",\"partner\":\"Police\",\"decision\":\"RapidReview\",\"reason\":\"x\"}}", SecuredOrchestrator.WarringtonSubmitter), Status: 403),
        new("wrong role", "a partner sends a submitter's event", s => Post($"/api/reviews/{s.Warrington}/events/CsprCommissioned", $"{{\"occurredOn\":\"{Today}\"}}", SecuredOrchestrator.WarringtonPartner), Status: 403),
        new("wrong role", "a submitter lists reviews", _ => HostileService.Request(HttpMethod.Get, "/api/reviews", key: SecuredOrchestrator.WarringtonSubmitter), Status: 403),
        new("wrong role", "a submitter reads the access log", _ => HostileService.Request(HttpMethod.Get, "/api/admin/access-log", key: SecuredOrchestrator.WarringtonSubmitter), Status: 403),
        new("wrong role", "a partner changes the calendar", _ => Post("/api/admin/calendar/changes", "{\"addedDays\":[\"2027-03-03\"],\"reason\":\"State funeral\"}", SecuredOrchestrator.WarringtonPartner), Status: 403),
        new("wrong role", "a hub operator opens a review", _ => Post("/api/reviews", ValidReferral(), SecuredOrchestrator.HubOperator), Status: 403),
        new("wrong role", "a hub operator uploads a document", s => HostileService.Request(HttpMethod.Post, $"/api/reviews/{s.Warrington}/documents?kind=FinalReport",
            Bytes(Encoding.UTF8.GetBytes(ReviewClient.AnonymisedReport), "text/plain"), SecuredOrchestrator.HubOperator), Status: 403),
        new("wrong role", "a reader uploads a document", s => HostileService.Request(HttpMethod.Post, $"/api/reviews/{s.Warrington}/documents?kind=FinalReport",
            Bytes(Encoding.UTF8.GetBytes(ReviewClient.AnonymisedReport), "text/plain"), SecuredOrchestrator.WarringtonReader), Status: 403),
        new("wrong role", "a reader lists calendar changes", _ => HostileService.Request(HttpMethod.Get, "/api/admin/calendar/changes", key: SecuredOrchestrator.GloucestershireReader), Status: 403),
    ];

    private static IEnumerable<HostileCase> Queries()
    {
        string[] queries =
        [
            "/api/reviews?page=0", "/api/reviews?page=-1", "/api/reviews?page=abc", "/api/reviews?page=99999999999", "/api/reviews?page=1000001",
            "/api/reviews?page=1.5", "/api/reviews?pageSize=0", "/api/reviews?pageSize=501", "/api/reviews?pageSize=-5", "/api/reviews?pageSize=abc",
            "/api/reviews?pageSize=1e3", "/api/reviews?page=2147483647&pageSize=500", "/api/reviews?state=Nope", "/api/reviews?partnership=atlantis",
            "/api/deadlines?status=bogus", "/api/deadlines?status=1", "/api/deadlines?status=%00", "/api/deadlines?dueBefore=2027-02-30",
            "/api/deadlines?dueBefore=1800-01-01", "/api/deadlines?dueAfter=9999-12-31", "/api/deadlines?dueAfter=27-01-01",
            "/api/deadlines?withinWorkingDays=-1", "/api/deadlines?withinWorkingDays=100000", "/api/deadlines?withinWorkingDays=abc", "/api/deadlines?page=0", "/api/deadlines?partnership=atlantis",
            "/api/calendar/working-days?from=bad&offset=1", "/api/calendar/working-days?from=2027-01-01&offset=abc",
            "/api/calendar/working-days?from=2027-01-01&offset=99999", "/api/calendar/working-days?from=0001-01-01&offset=1",
            "/api/calendar/working-days", "/api/calendar/working-days?from=2027-01-01&offset=2147483648",
            "/api/reports/partnerships/warrington?from=bad&to=2027-12-31", "/api/reports/partnerships/warrington?from=2027-12-31&to=2027-01-01",
            "/api/reports/partnerships/warrington?from=2027-01-01&to=2027-12-31&format=exe", "/api/reports/partnerships/warrington?to=2027-12-31",
            "/api/reports/partnerships/warrington?from=2027-01-01&to=9999-12-31", "/api/reports/hub?partnerships=&from=2027-01-01&to=2027-12-31",
            "/api/admin/access-log?reviewId=bad", "/api/admin/access-log?page=0", "/api/admin/access-log?pageSize=100000",
            "/api/profiles/warrington/timetable?referral=bad", "/api/profiles/warrington/timetable?referral=1800-01-01",
            "/api/profiles/warrington/timetable?referral=2027-01-04&route=Bogus", "/api/profiles/warrington/timetable",
        ];
        foreach (var query in queries)
        {
            yield return new HostileCase("query", query, _ => HostileService.Request(HttpMethod.Get, query));
        }

        string[] uploads = ["", "kind=", "kind=finalreport", "kind=0", "kind=1", "kind=FinalReport&occurredOn=bad", "kind=FinalReport&occurredOn=2999-01-01",
            "kind=FinalReport&occurredOn=0001-01-01", "kind=FinalReport&occurredOn=2027-13-01"];
        foreach (var query in uploads)
        {
            yield return new HostileCase("query", $"document upload ?{query}", s => HostileService.Request(HttpMethod.Post, $"/api/reviews/{s.Warrington}/documents?{query}",
                Bytes(Encoding.UTF8.GetBytes(ReviewClient.AnonymisedReport), "text/plain")));
        }

        yield return new HostileCase("query", "calendar change dry run of a reason that is too long", _ => Post(
            $"/api/admin/calendar/changes?dryRun=true&reason={new string('r', 600)}", "{\"division\":1}"));
        yield return new HostileCase("query", "calendar change dryRun=maybe", _ => Post("/api/admin/calendar/changes?dryRun=maybe", "{\"addedDays\":[\"2027-03-03\"],\"reason\":\"State funeral\"}"));
    }

    private static IEnumerable<HostileCase> Dates()
    {
        (string Path, string Value)[] referral =
        [
            ("receivedOn", "1899-12-31"), ("receivedOn", "0001-01-01"), ("receivedOn", "9999-12-31"), ("becameAwareOn", "3000-01-01"),
            ("incidentOn", "1800-01-01"), ("children[0].dateOfBirth", "1800-01-01"), ("children[0].dateOfBirth", "2999-01-01"),
            ("familyMembers[0].dateOfBirth", "0001-01-01"), ("familyMembers[0].dateOfBirth", "9999-12-31"),
        ];
        foreach (var (path, value) in referral)
        {
            yield return new HostileCase("date range", $"referral {path} {value}", _ => Post("/api/reviews", Set(ValidReferral(), path, value)));
        }

        (string Event, string Body)[] events =
        [
            ("SeriousIncidentNotified", "{\"occurredOn\":\"0001-01-01\"}"), ("SeriousIncidentNotified", "{\"occurredOn\":\"1899-01-01\"}"),
            ("SeriousIncidentNotified", "{\"occurredOn\":\"9999-12-31\"}"), ("SeriousIncidentNotified", "{\"occurredOn\":\"2029-01-01\"}"),
            ("InformationRequestsSent", $"{{\"occurredOn\":\"{Today}\",\"agencies\":[\"Police\"],\"dueOn\":\"9999-12-31\"}}"),
            ("RapidReviewMeetingScheduled", $"{{\"occurredOn\":\"{Today}\",\"scheduledFor\":\"9999-12-31\"}}"),
            ("RapidReviewMeetingScheduled", $"{{\"occurredOn\":\"{Today}\",\"scheduledFor\":\"0001-01-01\"}}"),
            ("PublicationScheduled", $"{{\"occurredOn\":\"{Today}\",\"publishOn\":\"9999-12-31\",\"learningOnly\":false}}"),
            ("LearningActionExtended", $"{{\"occurredOn\":\"{Today}\",\"actionId\":\"LA-1\",\"newDueOn\":\"9999-12-31\",\"requestedBy\":\"Chair\"}}"),
            ("DelayReported", $"{{\"occurredOn\":\"{Today}\",\"reason\":\"Trial\",\"expectedPublicationOn\":\"9999-12-31\"}}"),
            ("ReportPublished", $"{{\"occurredOn\":\"{Today}\",\"url\":\"https://example.org/r.pdf\",\"publishedOn\":\"0001-01-01\"}}"),
            ("ActionPlanAgreed", $"{{\"occurredOn\":\"{Today}\",\"actions\":[{{\"actionId\":\"LA-1\",\"description\":\"Train\",\"ownerAgency\":\"Police\",\"dueOn\":\"9999-12-31\"}}]}}"),
        ];
        foreach (var (name, body) in events)
        {
            yield return new HostileCase("date range", $"{name} {body}", s => Post($"/api/reviews/{s.Warrington}/events/{name}", body));
        }
    }

    /// <summary>A complete Warrington referral, received on <paramref name="receivedOn"/>.</summary>
    private static JsonObject ValidReferral(string receivedOn = "2027-01-06") =>
        Referrals.Complete("warrington", "LocalAuthorityNotification", receivedOn, receivedOn);

    /// <summary>Sets a value at a path such as <c>referrer.email</c> or <c>children[0].fullName</c>.</summary>
    private static JsonObject Set(JsonObject body, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode node = body;
        foreach (var part in parts[..^1])
        {
            node = Step(node, part)!;
        }

        var last = parts[^1];
        if (last.EndsWith(']'))
        {
            var name = last[..last.IndexOf('[', StringComparison.Ordinal)];
            var index = int.Parse(last[(name.Length + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            node[name]![index] = value;
        }
        else
        {
            node[last] = value;
        }

        return body;
    }

    private static JsonNode? Step(JsonNode node, string part)
    {
        if (!part.EndsWith(']'))
        {
            return node[part];
        }

        var name = part[..part.IndexOf('[', StringComparison.Ordinal)];
        var index = int.Parse(part[(name.Length + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[name]![index];
    }

    private static JsonArray Many(int count, Func<int, JsonNode> item) => new([.. Enumerable.Range(1, count).Select(item)]);

    private static byte[] Padded(JsonObject body, int size)
    {
        body["padding"] = new string(' ', size);
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private static ByteArrayContent Bytes(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    private static HttpRequestMessage Post(string path, JsonObject body, string? key = Key) =>
        HostileService.Request(HttpMethod.Post, path, HostileService.Json(body.ToJsonString()), key);

    private static HttpRequestMessage Post(string path, string body, string? key = Key) =>
        HostileService.Request(HttpMethod.Post, path, HostileService.Json(body), key);
}
