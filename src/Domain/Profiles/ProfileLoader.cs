using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestration.Domain.Profiles;

/// <summary>
/// Reads procedure profiles from JSON files and checks them against the national rules: a profile that
/// is malformed, cites an unknown rule or loosens a national one is refused (docs/profiles.md).
/// </summary>
public static class ProfileLoader
{
    /// <summary>The name of the statutory-minimum profile every other profile inherits from.</summary>
    public const string NationalProfileName = "national";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <summary>The profiles shipped with the product.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "Data", "Profiles");

    /// <summary>Loads the configured profiles directory, or the shipped profiles when none is configured (null or blank).</summary>
    public static ProfileCatalogue LoadConfiguredDirectory(string? configuredDirectory) =>
        LoadDirectory(string.IsNullOrWhiteSpace(configuredDirectory) ? ShippedDirectory : configuredDirectory);

    /// <summary>Loads every <c>*.json</c> profile in a directory; <c>national.json</c> must be among them.</summary>
    public static ProfileCatalogue LoadDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new ProfileValidationException(directory, ["the profiles directory does not exist."]);
        }

        var nationalPath = Path.Combine(directory, NationalProfileName + ".json");
        if (!File.Exists(nationalPath))
        {
            throw new ProfileValidationException(nationalPath, ["the national profile is missing: every other profile inherits its timetable."]);
        }

        var national = LoadNational(nationalPath);
        var profiles = new List<ProcedureProfile> { national };
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            if (!string.Equals(Path.GetFullPath(path), Path.GetFullPath(nationalPath), StringComparison.Ordinal))
            {
                profiles.Add(LoadLocal(path, national));
            }
        }

        return new ProfileCatalogue(profiles);
    }

    /// <summary>Reads and checks the national profile.</summary>
    public static ProcedureProfile LoadNational(string path)
    {
        using var stream = OpenOrRefuse(path);
        return ParseNational(stream, path);
    }

    /// <summary>Reads and checks a local profile, merging in the national timetable.</summary>
    public static ProcedureProfile LoadLocal(string path, ProcedureProfile national)
    {
        using var stream = OpenOrRefuse(path);
        return ParseLocal(stream, path, national);
    }

    /// <summary>Parses and checks the national profile from a stream named <paramref name="sourceName"/>.</summary>
    public static ProcedureProfile ParseNational(Stream json, string sourceName)
    {
        var profile = Deserialize(json, sourceName);
        var problems = ProfileValidator.Check(profile, ExpectedName(sourceName), national: null);
        ThrowIfAny(sourceName, problems);
        return profile;
    }

    /// <summary>Parses and checks a local profile from a stream named <paramref name="sourceName"/>, merging in the national timetable.</summary>
    public static ProcedureProfile ParseLocal(Stream json, string sourceName, ProcedureProfile national)
    {
        ArgumentNullException.ThrowIfNull(national);
        var profile = Deserialize(json, sourceName);
        var problems = ProfileValidator.Check(profile, ExpectedName(sourceName), national);
        ThrowIfAny(sourceName, problems);
        return Merge(profile, national);
    }

    private static ProcedureProfile Merge(ProcedureProfile local, ProcedureProfile national)
    {
        var ownKeys = local.Timetable.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var inherited = national.Timetable
            .Where(e => !ownKeys.Contains(e.Key))
            .Select(e => e with { InheritedFrom = national.Name });
        return local with { Timetable = [.. inherited, .. local.Timetable] };
    }

    private static ProcedureProfile Deserialize(Stream json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<ProcedureProfile>(json, JsonOptions)
                ?? throw new ProfileValidationException(sourceName, ["the file holds null, not a profile."]);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            throw new ProfileValidationException(sourceName, [$"it is not a well-formed profile{where}: {ex.Message}"], ex);
        }
    }

    private static FileStream OpenOrRefuse(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return File.Exists(path)
            ? File.OpenRead(path)
            : throw new ProfileValidationException(path, ["the file does not exist."]);
    }

    private static string? ExpectedName(string sourceName) =>
        sourceName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Path.GetFileNameWithoutExtension(sourceName) : null;

    private static void ThrowIfAny(string sourceName, List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new ProfileValidationException(sourceName, problems);
        }
    }
}
