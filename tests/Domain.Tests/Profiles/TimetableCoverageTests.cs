using System.Reflection;

namespace Orchestration.Domain.Tests.Profiles;

/// <summary>Every timescale a profile defines has at least one worked example in its profile's test class.</summary>
public sealed class TimetableCoverageTests
{
    [Theory]
    [InlineData("national", typeof(NationalProfileTests))]
    [InlineData("warrington", typeof(WarringtonProfileTests))]
    [InlineData("gloucestershire", typeof(GloucestershireProfileTests))]
    [InlineData("llr", typeof(LlrProfileTests))]
    [InlineData("darlington", typeof(DarlingtonProfileTests))]
    [InlineData("northamptonshire", typeof(NorthamptonshireProfileTests))]
    public void Every_timescale_of_the_profile_has_a_worked_example(string profileName, Type tests)
    {
        var tested = tests.GetMethods()
            .SelectMany(m => m.GetCustomAttributes<InlineDataAttribute>())
            .SelectMany(a => a.GetData(null!))
            .Select(row => (string)row[0])
            .ToHashSet(StringComparer.Ordinal);
        var own = Shipped.Profiles.Find(profileName)!.Timetable.Where(e => e.InheritedFrom is null).Select(e => e.Key);

        var untested = own.Where(key => !tested.Contains(key)).ToList();
        Assert.True(untested.Count == 0, $"{profileName} timescales without a worked example: {string.Join(", ", untested)}");
    }
}
