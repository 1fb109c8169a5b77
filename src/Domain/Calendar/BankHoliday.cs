namespace Orchestration.Domain.Calendar;

/// <summary>One bank holiday in England and Wales, as the GOV.UK list publishes it.</summary>
/// <param name="Date">The day that is not a working day.</param>
/// <param name="Title">The published title, e.g. "Boxing Day".</param>
/// <param name="Notes">The published notes, e.g. "Substitute day"; empty when none.</param>
/// <param name="Source">Where the day came from: the published data or the fallback rules.</param>
public sealed record BankHoliday(DateOnly Date, string Title, string Notes, BankHolidaySource Source);

/// <summary>Where a bank holiday date came from.</summary>
public enum BankHolidaySource
{
    /// <summary>The GOV.UK bank-holidays.json data loaded at start.</summary>
    PublishedData,

    /// <summary>The England and Wales rules, used for a year the data does not cover.</summary>
    Rules,
}
