using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;

namespace Orchestration.Domain.Tests;

/// <summary>The calendar and profiles exactly as the product ships them, loaded once.</summary>
internal static class Shipped
{
    private static readonly Lazy<WorkingDayCalendar> LazyCalendar = new(() => WorkingDayCalendar.FromFile(WorkingDayCalendar.ShippedDataPath));
    private static readonly Lazy<ProfileCatalogue> LazyProfiles = new(() => ProfileLoader.LoadDirectory(ProfileLoader.ShippedDirectory));

    public static WorkingDayCalendar Calendar => LazyCalendar.Value;

    public static ProfileCatalogue Profiles => LazyProfiles.Value;
}
