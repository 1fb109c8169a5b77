using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orchestration.Contracts;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// The events the HTTP API accepts by name (<c>POST /api/reviews/{id}/events/{EventName}</c>) and how a body
/// becomes one: strict JSON (unknown fields refused), every required field named when missing. The
/// workers' and the clock's events come only from the bus, never from callers.
/// </summary>
public static class EventCatalogue
{
    /// <summary>The JSON of the API: camelCase contract records, enums by name, unknown fields refused.</summary>
    public static readonly JsonSerializerOptions Json = CreateOptions();

    private static readonly HashSet<Type> BusOnly =
    [
        typeof(StatutoryNotificationSent), typeof(StatutoryNotificationFailed), typeof(PublicationCleared),
        typeof(PublicationBlocked), typeof(DeadlineApproaching), typeof(DeadlineMissed), typeof(ReportDocumentAttached),
        typeof(BankHolidaysChanged), typeof(DeliveryRetryRequested), typeof(PersonalDataErased),
    ];

    private static readonly FrozenDictionary<string, Type> ByName = typeof(IReviewEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IReviewEvent).IsAssignableFrom(t) && !BusOnly.Contains(t))
        .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The names callers may post.</summary>
    public static IEnumerable<string> Names => ByName.Keys.Order(StringComparer.Ordinal);

    /// <summary>The event type for a name, or null.</summary>
    public static Type? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Reads a body as <paramref name="type"/>: the event, or the problems by field.</summary>
    public static (object? Event, Dictionary<string, string[]> Problems) Read(Type type, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(body);
        var problems = MissingFields(type, body);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        try
        {
            return (body.Deserialize(type, Json), problems);
        }
        catch (JsonException error)
        {
            return (null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [FieldOf(error.Path)] = ["is not valid here: " + Describe(error)] });
        }
    }

    /// <summary>Reads a body of a known type, reporting malformed fields.</summary>
    public static (T? Value, Dictionary<string, string[]> Problems) Read<T>(JsonNode body)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return (body.Deserialize<T>(Json), new Dictionary<string, string[]>(StringComparer.Ordinal));
        }
        catch (JsonException error)
        {
            return (null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [FieldOf(error.Path)] = ["is not valid here: " + Describe(error)] });
        }
    }

    private static Dictionary<string, string[]> MissingFields(Type type, JsonObject body)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var nullability = new NullabilityInfoContext();
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        foreach (var parameter in constructor.GetParameters().Where(p => !p.HasDefaultValue))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            var present = body.TryGetPropertyValue(name, out var value) && value is not null;
            var optional = Nullable.GetUnderlyingType(parameter.ParameterType) is not null
                || (!parameter.ParameterType.IsValueType && nullability.Create(parameter).WriteState == NullabilityState.Nullable);
            if (!present && !optional)
            {
                problems[name] = ["is required."];
            }
        }

        return problems;
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    private static string Describe(JsonException error) =>
        error.Message.Split(" Path:", 2)[0];

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            AllowTrailingCommas = false,

            // Web defaults match names case-insensitively: "Partnership" beside "partnership" is the same field twice.
            AllowDuplicateProperties = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
