using System.Collections.Frozen;
using Orchestration.Domain.Calendar;

namespace Orchestration.Domain.Profiles;

/// <summary>A statutory timescale every profile must meet; a local entry may tighten it, never loosen it.</summary>
/// <param name="Key">The national timetable key a local profile reuses to tighten it.</param>
/// <param name="AllowedAnchors">Anchors the rule may be counted from (N5: referral, notification or Panel acknowledgement, by profile).</param>
public sealed record NationalTimescale(string Key, IReadOnlyList<TimetableAnchor> AllowedAnchors, Measure Measure, int Offset, DeadlineBound Bound)
{
    /// <summary>Whether a local offset in the same measure is at least as strict as this one.</summary>
    public bool IsMetOrTightenedBy(int offset) => Bound == DeadlineBound.NoLaterThan ? offset <= Offset : offset >= Offset;
}

/// <summary>One national rule of STATUTORY-RULES.md.</summary>
public sealed record NationalRule(string Id, string Summary, string Sources, NationalTimescale? Timescale = null);

/// <summary>The national rules N1-N18 (STATUTORY-RULES.md), the floor every procedure profile stands on.</summary>
public static class NationalRules
{
    public static IReadOnlyList<NationalRule> All { get; } =
    [
        new("N1", "A serious child safeguarding case: abuse or neglect known or suspected, and the child has died or been seriously harmed.", "000 §1.3; 001 intro; 003 §2"),
        new("N2", "The local authority notifies the National Panel within 5 working days of becoming aware of the incident.", "000 §2.1.2; 003 §5.2-5.3; 004",
            new("panel-notification", [TimetableAnchor.BecameAware], Measure.WorkingDays, 5, DeadlineBound.NoLaterThan)),
        new("N3", "Where a looked-after child dies, the local authority notifies the Secretary of State and Ofsted.", "000 §2.1.5; 002 §4.1.2; 003 §5.3"),
        new("N4", "A notification by the local authority always leads to a Rapid Review.", "000 §3.1.8; 001 step 2; 002 §4.1.4"),
        new("N5", "The Rapid Review report and decision reach the National Panel within 15 working days.", "000 §3.2.2; 002 §4.9; 003 §6.2, §6.10",
            new("rapid-review-to-panel", [TimetableAnchor.ReferralReceived, TimetableAnchor.PanelAcknowledged], Measure.WorkingDays, 15, DeadlineBound.NoLaterThan)),
        new("N6", "Rapid Review outcomes: national CSPR, local CSPR, alternative review, single-agency review, no further review, other.", "000 App 5 §5; 003 §6.8-6.9"),
        new("N7", "A local CSPR is completed and published no later than six months from the decision to initiate it.", "000 §2.1.2, §4.1.8; 002 §3.1.2; 003 §15.5",
            new("cspr-published", [TimetableAnchor.CsprInitiated], Measure.Months, 6, DeadlineBound.NoLaterThan)),
        new("N8", "A delay that will prevent publication within six months is reported to the Panel and the Secretary of State, with the reason.", "000 §2.1.4; 002 §3.1.3; 003 §15.5; 004"),
        new("N9", "The Panel, Ofsted and the DfE are told that a CSPR is commissioned and the lead reviewer's name.", "002 §6.1.2; 004"),
        new("N10", "The final report goes to the Panel, Ofsted and the Secretary of State no later than 7 working days before publication.", "000 §4.2.8; 002 §10.5.1; 003 §14.7; 001 step 5",
            new("regulators-copies", [TimetableAnchor.Publication], Measure.WorkingDays, -7, DeadlineBound.NoLaterThan)),
        new("N11", "The report is published unless inappropriate; then improvements are published and the justification sent to the Panel and the Secretary of State.", "000 §4.2.5; 002 §10.1; 003 §14.4, §15.3"),
        new("N12", "A published report stays publicly available for at least one year.", "000 §4.2.9; 002 §10.5.2; 003 §14.4",
            new("publicly-available-until", [TimetableAnchor.Publication], Measure.Months, 12, DeadlineBound.NotBefore)),
        new("N13", "A published report is submitted to the NSPCC National Repository.", "000 §4.2.10; 002 §10.5.3"),
        new("N14", "Rapid Review reports are not published.", "001 step 5"),
        new("N15", "The family, including surviving children, is invited to contribute unless there is a strong reason not to.", "000 §1.5.5; 002 §7.4.2"),
        new("N16", "Chairs and lead reviewers declare conflicts of interest.", "000 §6.1.3; 002 §1.5.8; 003 §8.1"),
        new("N17", "Parallel processes do not stop a CSPR unless there are clear reasons, but may delay publication.", "000 §4.1.10; 002 §5.6; 003 §11; 004"),
        new("N18", "Learning is captured and acted on throughout; an action plan is monitored to completion.", "000 §5; 002 §11; 003 §16-17"),
    ];

    private static readonly FrozenDictionary<string, NationalRule> ById = All.ToFrozenDictionary(r => r.Id);

    /// <summary>The rule with this id, or null if there is none.</summary>
    public static NationalRule? Find(string id) => ById.GetValueOrDefault(id);

    /// <summary>The rule whose timescale uses this national timetable key, or null.</summary>
    public static NationalRule? ByTimetableKey(string key) => All.FirstOrDefault(r => r.Timescale?.Key == key);
}
