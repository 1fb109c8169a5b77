using System.Globalization;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;
using Contract = Orchestration.Contracts;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// What a review's procedure profile says at each step: which duties become deadlines when an anchor
/// happens, which deadlines a milestone meets, who must be told what. The state machine calls it; it
/// changes only the review it is given.
/// </summary>
public sealed class ReviewProcedure(ProfileCatalogue profiles, WorkingDayCalendar calendar, DeadlineOptions? deadlineOptions = null)
{
    private readonly DeadlineOptions deadlines = deadlineOptions ?? new DeadlineOptions();

    /// <summary>The national default where a profile sets no quorum: all three statutory partners present.</summary>
    public static readonly QuorumRule DefaultQuorum = new(
        [StatutoryPartner.LocalAuthority, StatutoryPartner.Police, StatutoryPartner.Icb], 3, 3, "N5: the Rapid Review is the safeguarding partners'");

    /// <summary>The rule id of the deadline each learning action gets for its own due date.</summary>
    public const string LearningActionDueKey = "learning-action-due";

    /// <summary>The calendar every date is counted with.</summary>
    public WorkingDayCalendar Calendar => calendar;

    /// <summary>The review's profile.</summary>
    public ProcedureProfile ProfileOf(ReviewState review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return profiles.Find(review.Partnership)
            ?? throw new InvalidOperationException($"The review's profile '{review.Partnership}' is no longer loaded.");
    }

    /// <summary>The profile by name, or null.</summary>
    public ProcedureProfile? Find(string partnership) => profiles.Find(partnership);

    /// <summary>The route rule of the review's route.</summary>
    public RouteRule? RouteOf(ReviewState review) =>
        ProfileOf(review).Routes.FirstOrDefault(r => r.Route == review.Route.ToProfile());

    /// <summary>Creates a deadline for every duty of the profile counted from <paramref name="anchor"/> that applies to the review's route.</summary>
    public void Arm(ReviewState review, TimetableAnchor anchor, DateOnly anchorOn, DateOnly armedOn, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(review);
        var profile = ProfileOf(review);
        foreach (var entry in profile.Timetable.Where(e => e.Anchor == anchor && e.SatisfiedBy is not null && e.AppliesTo(review.Route.ToProfile())))
        {
            if (review.Deadlines.Any(d => d.Key == entry.Key && d.Subject == subject && d.Status == DeadlineStatus.Open))
            {
                continue;
            }

            var computed = entry.ComputeFrom(anchorOn, calendar);
            AddDeadline(review, entry.Key, entry.Citation(profile.Name), entry.Name, entry.SatisfiedBy!.Value, anchor, anchorOn, computed.DueOn, computed.OpensOn, entry.Timescale, armedOn, subject);
        }
    }

    /// <summary>
    /// Arms the published report's availability period (N12) from the profile's NotBefore entry: a deadline that
    /// reminds the business unit before the period ends and is met, not missed, when it ends.
    /// </summary>
    public void ArmAvailability(ReviewState review, DateOnly publishedOn, DateOnly armedOn)
    {
        ArgumentNullException.ThrowIfNull(review);
        var profile = ProfileOf(review);
        var entry = profile.Timetable.FirstOrDefault(e => e.Anchor == TimetableAnchor.Publication && e.Rule == "N12")
                    ?? profile.Timetable.First(e => e.Key == AvailabilityKey);
        var computed = entry.ComputeFrom(publishedOn, calendar);
        AddDeadline(review, entry.Key, entry.Citation(profile.Name), entry.Name, Milestone.AvailabilityPeriodCompleted, TimetableAnchor.Publication,
            publishedOn, computed.DueOn, null, entry.Timescale, armedOn, null);
    }

    /// <summary>The national timetable's key for the availability period (N12).</summary>
    public const string AvailabilityKey = "publicly-available-until";

    /// <summary>Adds one deadline that is not an entry of the profile (a learning action's due date).</summary>
    public void AddDeadline(
        ReviewState review, string key, string rule, string name, Milestone satisfiedBy, TimetableAnchor anchor,
        DateOnly anchorOn, DateOnly dueOn, DateOnly? opensOn, Timescale? timescale, DateOnly armedOn, string? subject)
    {
        ArgumentNullException.ThrowIfNull(review);
        var deadline = new DeadlineRecord
        {
            Id = Guid.NewGuid(),
            ReviewId = review.CorrelationId,
            Partnership = review.Partnership,
            Key = key,
            Rule = rule,
            Name = name,
            Subject = subject,
            SatisfiedBy = satisfiedBy,
            Anchor = anchor,
            AnchorOn = anchorOn,
            DueOn = dueOn,
            OpensOn = opensOn,
            Derivation = timescale is { } t ? Derive(t, anchor, anchorOn, dueOn) : $"the date agreed on {Format(anchorOn)}",
            Status = DeadlineStatus.Open,
            ArmedOn = armedOn,
            ApproachingOn = ReminderDay(review.Partnership, armedOn, dueOn),
        };
        review.Deadlines.Add(deadline);
        review.Scratch.Note($"deadline {rule} '{name}' due {Format(dueOn)}");
    }

    /// <summary>
    /// The day the business unit is reminded: the profile's lead (in working days) before the due date, or the
    /// day it was armed if that is later; no reminder for a deadline armed on or after its due date.
    /// </summary>
    public DateOnly? ReminderDay(string partnership, DateOnly armedOn, DateOnly dueOn)
    {
        if (armedOn >= dueOn)
        {
            return null;
        }

        var remindOn = calendar.AddWorkingDays(dueOn, -deadlines.LeadFor(partnership));
        return remindOn < armedOn ? armedOn : remindOn;
    }

    /// <summary>Meets every open deadline the milestone satisfies: on time, or late (then missed, with the date).</summary>
    public void Reach(ReviewState review, Milestone milestone, DateOnly on, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(review);
        foreach (var deadline in review.Deadlines.Where(d => d.SatisfiedBy == milestone && d.Subject == subject && d.MetOn is null
                     && d.Status is DeadlineStatus.Open or DeadlineStatus.Missed))
        {
            deadline.MetOn = on;
            deadline.Status = on <= deadline.DueOn ? DeadlineStatus.Met : DeadlineStatus.Missed;
            review.Scratch.Note(deadline.Status == DeadlineStatus.Met
                ? $"deadline {deadline.Rule} met"
                : $"deadline {deadline.Rule} met late ({calendar.WorkingDaysBetween(deadline.DueOn, on)} working days after {Format(deadline.DueOn)})");
        }
    }

    /// <summary>Cancels the open deadlines that match: the review will not reach their milestones.</summary>
    public void Cancel(ReviewState review, Func<DeadlineRecord, bool> which, string why)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(which);
        var cancelled = review.Deadlines.Where(d => d.Status == DeadlineStatus.Open && which(d)).ToList();
        foreach (var deadline in cancelled)
        {
            deadline.Status = DeadlineStatus.Cancelled;
        }

        if (cancelled.Count > 0)
        {
            review.Scratch.Note($"{cancelled.Count} open deadline(s) cancelled: {why}");
        }
    }

    /// <summary>
    /// Owes a notification to every recipient the profile names for its kind; returns the commands to
    /// publish. A notification already owed under the same key is not owed again.
    /// </summary>
    public IReadOnlyList<Contract.SendStatutoryNotification> Owe(
        ReviewState review, NotificationKind kind, string? rule, DateOnly requestedOn, DateOnly dueOn,
        string discriminator, IReadOnlyDictionary<string, string>? facts = null, RecipientRole? only = null, IReadOnlyCollection<RecipientRole>? except = null,
        IReadOnlyList<Contract.DocumentReference>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(review);
        var commands = new List<Contract.SendStatutoryNotification>();
        foreach (var recipient in ProfileOf(review).Recipients.Where(r => r.Receives.Contains(kind) && (only is null || r.Role == only) && (except is null || !except.Contains(r.Role))))
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{review.CorrelationId:N}:{kind}:{recipient.Role}:{discriminator}");
            if (review.Deliveries.Any(d => d.IdempotencyKey == key))
            {
                continue;
            }

            review.Deliveries.Add(new DeliveryRecord(key, kind, recipient.Role, rule, requestedOn, dueOn));
            commands.Add(new Contract.SendStatutoryNotification(
                review.CorrelationId, kind.ToString(), recipient.Role.ToString(), key, dueOn, review.Partnership, rule, facts,
                attachments, recipient.Role == RecipientRole.Referrer ? review.ReferrerEmail : null));
        }

        if (commands.Count > 0)
        {
            review.Scratch.Note($"{kind} owed to {string.Join(", ", commands.Select(c => c.RecipientRole))}{(rule is null ? string.Empty : $" ({rule})")}");
        }

        return commands;
    }

    /// <summary>
    /// Whether a deadline's dates may still be counted again when the bank holidays change: it is open, the pump has
    /// not fired its breach, and its due date has not passed on <paramref name="today"/>. Met and missed deadlines
    /// are history and never move.
    /// </summary>
    public static bool IsRecountable(DeadlineRecord deadline, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return deadline is { Status: DeadlineStatus.Open, MetOn: null, MissedFiredAt: null } && deadline.DueOn >= today;
    }

    /// <summary>
    /// The dates a deadline gets when counted again on <paramref name="calendar"/> from the same anchor date and the
    /// same entry of its profile; null for a deadline that is not counted (an agreed date, such as a learning action's)
    /// or whose entry the profile no longer has.
    /// </summary>
    public static ComputedTimescale? Recount(DeadlineRecord deadline, ProcedureProfile profile, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        ArgumentNullException.ThrowIfNull(profile);
        if (deadline.Key == LearningActionDueKey)
        {
            return null;
        }

        return profile.Timetable.FirstOrDefault(e => e.Key == deadline.Key)?.ComputeFrom(deadline.AnchorOn, calendar);
    }

    /// <summary>
    /// Counts the review's open deadlines again on the calendar in force and moves those whose dates changed: due
    /// date, window, derivation and reminder day. A reminder already sent is re-armed when the new reminder day is
    /// still to come. Returns each deadline moved with its former dates.
    /// </summary>
    public IReadOnlyList<MovedDeadline> Recount(ReviewState review, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(review);
        var profile = ProfileOf(review);
        var moved = new List<MovedDeadline>();
        foreach (var deadline in review.Deadlines.Where(d => IsRecountable(d, today)).OrderBy(d => d.DueOn).ThenBy(d => d.Rule, StringComparer.Ordinal))
        {
            if (Recount(deadline, profile, calendar) is not { } counted || (counted.DueOn == deadline.DueOn && counted.OpensOn == deadline.OpensOn))
            {
                continue;
            }

            var entry = profile.Timetable.First(e => e.Key == deadline.Key);
            moved.Add(new MovedDeadline(deadline, deadline.DueOn, deadline.OpensOn));
            deadline.DueOn = counted.DueOn;
            deadline.OpensOn = counted.OpensOn;
            deadline.Derivation = Derive(entry.Timescale, deadline.Anchor, deadline.AnchorOn, counted.DueOn);
            deadline.ApproachingOn = ReminderDay(review.Partnership, deadline.ArmedOn, counted.DueOn);
            if (deadline.ApproachingFiredAt is not null && deadline.ApproachingOn > today)
            {
                deadline.ApproachingFiredAt = null;
            }

            deadline.RecountedOn = today;
        }

        return moved;
    }

    /// <summary>The profile's quorum rule, or the national default.</summary>
    public QuorumRule QuorumOf(ReviewState review) => ProfileOf(review).Quorum ?? DefaultQuorum;

    /// <summary>
    /// The latest date the regulators' copies can go for a publication on <paramref name="publishOn"/>
    /// (the strictest of the profile's duties met by <see cref="Milestone.RegulatorsCopiesSent"/>), or null if it has none.
    /// </summary>
    public DateOnly? LatestCopiesDate(ReviewState review, DateOnly publishOn)
    {
        var dates = ProfileOf(review).Timetable
            .Where(e => e.Anchor == TimetableAnchor.Publication && e.SatisfiedBy == Milestone.RegulatorsCopiesSent)
            .Select(e => e.ComputeFrom(publishOn, calendar).DueOn)
            .ToList();
        return dates.Count == 0 ? null : dates.Min();
    }

    /// <summary>The earliest publication date whose regulators' copies can still go on or after <paramref name="today"/>.</summary>
    public DateOnly EarliestCompliantPublicationDate(ReviewState review, DateOnly today)
    {
        var candidate = today;
        for (var i = 0; i < 400; i++, candidate = candidate.AddDays(1))
        {
            if (LatestCopiesDate(review, candidate) is not { } latest || latest >= today)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No compliant publication date within 400 days: the profile's timetable is broken.");
    }

    /// <summary>"15 working days after 18 Dec 2026, skipping 25 and 28 Dec and 1 Jan".</summary>
    public string Derive(Timescale timescale, TimetableAnchor anchor, DateOnly anchorOn, DateOnly dueOn)
    {
        var size = Math.Abs(timescale.Offset);
        var direction = timescale.Offset < 0 ? "before" : "after";
        var unit = timescale.Measure switch
        {
            Measure.WorkingDays => size == 1 ? "working day" : "working days",
            Measure.CalendarDays => size == 1 ? "calendar day" : "calendar days",
            _ => size == 1 ? "month" : "months",
        };
        var text = string.Create(CultureInfo.InvariantCulture, $"{size} {unit} {direction} {Format(anchorOn)} ({anchor})");
        if (timescale.Measure == Measure.WorkingDays)
        {
            var (from, to) = anchorOn <= dueOn ? (anchorOn, dueOn) : (dueOn, anchorOn);
            var skipped = calendar.BankHolidaysSkipped(from, to);
            if (skipped.Count > 0)
            {
                text += ", skipping " + string.Join(", ", skipped.Select(h => $"{Format(h.Date)} ({h.Title})"));
            }
        }

        return text;
    }

    /// <summary>A date as people in England write it: 18 Dec 2026.</summary>
    public static string Format(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}

/// <summary>A deadline whose dates a change of bank holidays moved, with the dates it had before.</summary>
public sealed record MovedDeadline(DeadlineRecord Deadline, DateOnly PreviousDueOn, DateOnly? PreviousOpensOn);
