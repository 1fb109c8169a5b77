using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Input;

/// <summary>
/// Reads a request's JSON body strictly, the one way every endpoint that takes JSON reads it: <c>application/json</c>
/// only (415), within the body limit (413, from <see cref="RequestBodyLimit"/>), well formed, nested at most
/// <see cref="InputLimitsOptions.MaxJsonDepth"/> deep and with no property given twice (400), an object whose strings
/// are text of at most <see cref="ReferralValidator.MaxText"/> characters with no control characters and whose lists
/// hold at most <see cref="MaxListItems"/> items (422, each place named). Problems name places, never values.
/// </summary>
public static class JsonBody
{
    /// <summary>The most items any JSON list may hold (a GOV.UK bank-holidays file has about 80 a division); the validators hold named lists to fewer.</summary>
    public const int MaxListItems = 1000;

    /// <summary>The longest property name read: every real one is far shorter.</summary>
    public const int MaxPropertyName = 100;

    /// <summary>The body as a JSON object, or the problem to answer with; <paramref name="what"/> names the body in the problem's title.</summary>
    public static async Task<(JsonObject? Json, IResult? Problem)> Read(HttpContext http, string what)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!IsJson(http.Request.ContentType))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON expected",
                detail: "Send the body as application/json."));
        }

        var limits = http.RequestServices.GetRequiredService<IOptions<InputLimitsOptions>>().Value;
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(http.Request.Body, documentOptions: new JsonDocumentOptions
            {
                MaxDepth = limits.MaxJsonDepth,
                AllowDuplicateProperties = false,
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
            }, cancellationToken: http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            return (null, NotJson(error, limits.MaxJsonDepth));
        }

        if (node is not JsonObject json)
        {
            return (null, Malformed(new() { ["body"] = ["must be a JSON object."] }, what));
        }

        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        try
        {
            Check(json, "", problems);
        }
        catch (InvalidOperationException)
        {
            // A lone UTF-16 surrogate escaped in a string or a name: not text.
            problems["body"] = ["holds a string that is not valid Unicode text."];
        }

        return problems.Count > 0 ? (null, Malformed(problems, what)) : (json, null);
    }

    /// <summary>Whether a Content-Type is JSON: <c>application/json</c>, with or without parameters.</summary>
    public static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>A 422 naming each place: the answer every malformed body gets.</summary>
    public static ProblemHttpResult Malformed(Dictionary<string, string[]> problems, string what) =>
        TypedResults.Problem(new HttpValidationProblemDetails(problems)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = $"The {what} is malformed.",
            Detail = "Nothing was changed. Each field below needs attention.",
        });

    private static ProblemHttpResult NotJson(JsonException error, int maxDepth)
    {
        var where = error.LineNumber is { } line && error.BytePositionInLine is { } position
            ? $" at line {line + 1}, byte {position + 1}"
            : string.Empty;
        var path = string.IsNullOrEmpty(error.Path) || error.Path == "$" ? string.Empty : $" (near {error.Path.TrimStart('$', '.')})";
        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not JSON",
            detail: $"The body could not be read as JSON{where}{path}: it is malformed or truncated, nests deeper than {maxDepth} levels, or gives a property twice. Nothing was changed.");
    }

    private static void Check(JsonNode? node, string path, Dictionary<string, string[]> problems)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var (name, value) in json)
                {
                    if (name.Length > MaxPropertyName || name.Any(char.IsControl))
                    {
                        problems[Place(path, "?")] = [$"a property name is longer than {MaxPropertyName} characters or holds a control character."];
                        continue;
                    }

                    Check(value, Place(path, name), problems);
                }

                break;
            case JsonArray list:
                if (list.Count > MaxListItems)
                {
                    problems[Place(path, null)] = [$"lists more than {MaxListItems} items."];
                    return;
                }

                for (var i = 0; i < list.Count; i++)
                {
                    Check(list[i], $"{Place(path, null)}[{i}]", problems);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (text.Length > ReferralValidator.MaxText)
                {
                    problems[Place(path, null)] = [$"is longer than {ReferralValidator.MaxText} characters."];
                }
                else if (text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
                {
                    problems[Place(path, null)] = ["contains a control character."];
                }

                break;
            default:
                break;
        }
    }

    private static string Place(string path, string? name) =>
        name is null ? (path.Length == 0 ? "body" : path) : (path.Length == 0 ? name : $"{path}.{name}");
}
