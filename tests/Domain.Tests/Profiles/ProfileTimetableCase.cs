using System.Globalization;

namespace Orchestration.Domain.Tests.Profiles;

/// <summary>Checks one timetable entry of a shipped profile against a date worked out by hand.</summary>
internal static class ProfileTimetableCase
{
    public static void Verify(string profileName, string key, string anchorOn, string? windowOpensOn, string dueOn, string cites)
    {
        var profile = Shipped.Profiles.Find(profileName);
        Assert.NotNull(profile);
        var entry = Assert.Single(profile.Timetable, e => e.Key == key);
        Assert.Null(entry.InheritedFrom);
        Assert.True(
            (entry.Rule is not null && cites.Contains(entry.Rule, StringComparison.Ordinal)) || entry.Source.Contains(cites, StringComparison.Ordinal),
            $"The test cites '{cites}' but the entry's rule is '{entry.Rule}' and its source '{entry.Source}'.");

        var computed = entry.ComputeFrom(Date(anchorOn), Shipped.Calendar);

        Assert.Equal(Date(dueOn), computed.DueOn);
        Assert.Equal(windowOpensOn is null ? null : Date(windowOpensOn), computed.OpensOn);
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
