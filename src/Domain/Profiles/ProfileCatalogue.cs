using System.Collections.Frozen;

namespace Orchestration.Domain.Profiles;

/// <summary>The loaded, validated procedure profiles, by name.</summary>
public sealed class ProfileCatalogue
{
    private readonly FrozenDictionary<string, ProcedureProfile> byName;

    public ProfileCatalogue(IEnumerable<ProcedureProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        byName = profiles.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        All = [.. byName.Values.OrderBy(p => p.Name == ProfileLoader.NationalProfileName ? 0 : 1).ThenBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>Every profile, national first, then by name.</summary>
    public IReadOnlyList<ProcedureProfile> All { get; }

    /// <summary>The profile with this name, or null.</summary>
    public ProcedureProfile? Find(string name) => byName.GetValueOrDefault(name);
}
