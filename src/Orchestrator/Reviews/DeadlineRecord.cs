using Orchestration.Domain.Profiles;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// A deadline in the ledger: one duty of the review's profile, armed when its anchor happened, met by its
/// milestone. Written in the same transaction as the review's transition.
/// </summary>
public sealed class DeadlineRecord
{
    /// <summary>The deadline's id (<c>DeadlineId</c> in the clock's events).</summary>
    public Guid Id { get; set; }

    /// <summary>The review it belongs to.</summary>
    public Guid ReviewId { get; set; }

    /// <summary>The review's partnership, for listing across reviews.</summary>
    public string Partnership { get; set; } = string.Empty;

    /// <summary>The timetable entry's key in the profile.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The rule id (N1-N18) or <c>profile:key</c>.</summary>
    public string Rule { get; set; } = string.Empty;

    /// <summary>What must happen, as the profile says.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>What within the review the deadline is about (a learning action's id), or null for the review itself.</summary>
    public string? Subject { get; set; }

    /// <summary>The milestone that meets it.</summary>
    public Milestone SatisfiedBy { get; set; }

    /// <summary>What the count starts from.</summary>
    public TimetableAnchor Anchor { get; set; }

    /// <summary>The anchor's date (day 0).</summary>
    public DateOnly AnchorOn { get; set; }

    /// <summary>The last day on which the duty is met.</summary>
    public DateOnly DueOn { get; set; }

    /// <summary>For a window, the first day of it.</summary>
    public DateOnly? OpensOn { get; set; }

    /// <summary>How the due date was counted, in words.</summary>
    public string Derivation { get; set; } = string.Empty;

    /// <summary>open, met, missed or cancelled.</summary>
    public DeadlineStatus Status { get; set; }

    /// <summary>The business date the milestone was reached (on time or late).</summary>
    public DateOnly? MetOn { get; set; }

    /// <summary>The business date it was armed.</summary>
    public DateOnly ArmedOn { get; set; }

    /// <summary>The day the business unit is reminded (the profile's lead in working days before the due date); null for no reminder.</summary>
    public DateOnly? ApproachingOn { get; set; }

    /// <summary>When the pump fired <c>DeadlineApproaching</c> for it.</summary>
    public DateTimeOffset? ApproachingFiredAt { get; set; }

    /// <summary>When the pump fired <c>DeadlineMissed</c> for it.</summary>
    public DateTimeOffset? MissedFiredAt { get; set; }

    /// <summary>
    /// The business date its dates were last counted again because the bank holidays changed; null if never.
    /// A reminder re-armed by such a change fires under a new event id (see <see cref="DeadlinePump.FiringId"/>).
    /// </summary>
    public DateOnly? RecountedOn { get; set; }

    /// <summary>The kind of firing the pump uses for its reminder: the due date joins it once the deadline has moved.</summary>
    public static string ApproachingKind(DateOnly? recountedOn, DateOnly dueOn) =>
        recountedOn is null ? "approaching" : "approaching:" + dueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Where a deadline stands.</summary>
public enum DeadlineStatus
{
    /// <summary>Not yet met, not yet due.</summary>
    Open,

    /// <summary>Met on or before its due date.</summary>
    Met,

    /// <summary>Not met by its due date (met late, or not yet).</summary>
    Missed,

    /// <summary>No longer owed (the review took another route).</summary>
    Cancelled,
}
