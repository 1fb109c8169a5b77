namespace Orchestration.Orchestrator.Hosting;

/// <summary>Where the statutory clock's data comes from (configuration section <c>StatutoryClock</c>).</summary>
public sealed class StatutoryClockOptions
{
    public const string SectionName = "StatutoryClock";

    /// <summary>
    /// A GOV.UK <c>bank-holidays.json</c> to use instead of the shipped 2018-2028 copy; empty for the shipped
    /// one. Point this at a newer download when GOV.UK announces a bank holiday; it is read at start.
    /// </summary>
    public string? BankHolidaysFile { get; set; }

    /// <summary>A directory of procedure profiles (<c>national.json</c> and one file per partnership); empty for the shipped six.</summary>
    public string? ProfilesDirectory { get; set; }

    /// <summary>The section's values, or the defaults when the section is absent.</summary>
    public static StatutoryClockOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<StatutoryClockOptions>() ?? new StatutoryClockOptions();
}
