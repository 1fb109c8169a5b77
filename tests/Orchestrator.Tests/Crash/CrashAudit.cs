using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Orchestration.Infrastructure.PersonalData;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Crash;

/// <summary>
/// Reads the orchestrator's SQLite file directly, after the crashes, and lists every way it breaks exactly-once:
/// reviews not in their expected state, timelines with gaps or an event applied twice, deadlines fired twice or
/// lost, outbox rows never sent, commands missing from the consumer's journal or recorded there twice.
/// </summary>
public sealed class CrashAudit
{
    /// <summary>The outbox's name for the clock's breach event.</summary>
    public const string DeadlineMissedType = "Orchestration.Contracts.DeadlineMissed";

    /// <summary>The outbox's name for the clock's reminder event.</summary>
    public const string DeadlineApproachingType = "Orchestration.Contracts.DeadlineApproaching";

    /// <summary>The commands the journal consumes.</summary>
    public static readonly string[] CommandTypes = ["Orchestration.Contracts.SendStatutoryNotification", "Orchestration.Contracts.SubmitToNspccRepository"];

    private const int ExamplesPerKind = 15;

    private readonly List<string> problems = [];
    private readonly Dictionary<string, int> problemCounts = new(StringComparer.Ordinal);

    private CrashAudit()
    {
    }

    /// <summary>The reviews table.</summary>
    public List<ReviewRow> Reviews { get; } = [];

    /// <summary>The timeline table.</summary>
    public List<TimelineRow> Timeline { get; } = [];

    /// <summary>The deadline ledger.</summary>
    public List<DeadlineRow> Deadlines { get; } = [];

    /// <summary>The outbox.</summary>
    public List<OutboxRow> Outbox { get; } = [];

    /// <summary>The command journal: what the consumer received.</summary>
    public List<JournalRow> Journal { get; } = [];

    /// <summary>The inboxes: which consumer processed which message.</summary>
    public HashSet<(string Consumer, Guid MessageId)> Inbox { get; } = [];

    /// <summary>The protector of the personal fields of a database file: the key ring beside it (the default of DataProtection:KeysPath).</summary>
    public static FieldProtector ProtectorFor(string databaseFile) =>
        FieldProtector.ForKeyDirectory(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databaseFile))!, "keys"));

    /// <summary>Reads the tables the audit needs.</summary>
    public static async Task<CrashAudit> Load(string databaseFile)
    {
        var audit = new CrashAudit();

        // The outbox's messages are encrypted at rest with the key ring beside the database (the default of DataProtection:KeysPath).
        var protector = ProtectorFor(databaseFile);
        // Read-write only so that SQLite can recover its write-ahead log if the last process did not close it; nothing is written.
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False");
        await connection.OpenAsync();
        await Read(connection, "SELECT review_id, CurrentState, TimelineLength, TimelineHead FROM reviews", r =>
            audit.Reviews.Add(new ReviewRow(Id(r, 0), r.GetString(1), r.GetInt32(2), r.GetString(3))));
        await Read(connection, "SELECT ReviewId, Sequence, Event, EventId, Outcome FROM timeline", r =>
            audit.Timeline.Add(new TimelineRow(Id(r, 0), r.GetInt32(1), r.GetString(2), r.IsDBNull(3) ? null : Id(r, 3), r.GetString(4))));
        await Read(connection, "SELECT Id, ReviewId, Key, Rule, Subject, Status, MetOn, DueOn, ApproachingFiredAt, MissedFiredAt FROM deadlines", r =>
            audit.Deadlines.Add(new DeadlineRow(
                Id(r, 0), Id(r, 1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), !r.IsDBNull(8), !r.IsDBNull(9))));
        await Read(connection, "SELECT Sequence, MessageId, MessageType, ReviewId, Body, SentAt FROM outbox", r =>
            audit.Outbox.Add(new OutboxRow(r.GetInt64(0), Id(r, 1), r.GetString(2), r.IsDBNull(3) ? null : Id(r, 3), JsonNode.Parse(protector.Unprotect(r.GetString(4)))!.AsObject(), !r.IsDBNull(5))));
        await Read(connection, "SELECT MessageId, MessageType, ReviewId, IdempotencyKey FROM command_journal", r =>
            audit.Journal.Add(new JournalRow(Id(r, 0), r.GetString(1), Id(r, 2), r.GetString(3))));
        await Read(connection, "SELECT Consumer, MessageId FROM inbox", r => audit.Inbox.Add((r.GetString(0), Id(r, 1))));
        return audit;
    }

    private IReadOnlySet<Guid> workerEvents = new HashSet<Guid>();

    /// <summary>Every problem found, at most a few examples of each kind, with the count of each kind.</summary>
    /// <param name="reportedByWorkers">The event ids the workers report outcomes under (derived from the notifications' keys): not the workload's, but known.</param>
    public IReadOnlyList<string> Check(IReadOnlyList<ReviewScript> scripts, IReadOnlyDictionary<Guid, ReviewRun> runs, IReadOnlySet<Guid> reportedByWorkers)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        ArgumentNullException.ThrowIfNull(runs);
        workerEvents = reportedByWorkers;
        CheckOutboxAndJournal();
        CheckReviews(scripts);
        CheckTimelines(scripts, runs);
        CheckDeadlines();
        return [.. problemCounts.Where(c => c.Value > ExamplesPerKind).Select(c => $"[{c.Key}] {c.Value} in all"), .. problems];
    }

    /// <summary>The reviews must be exactly the workload's, each in the state its script ends in.</summary>
    private void CheckReviews(IReadOnlyList<ReviewScript> scripts)
    {
        var stored = Reviews.ToDictionary(r => r.Id);
        foreach (var script in scripts)
        {
            if (!stored.TryGetValue(script.ReviewId, out var review))
            {
                Problem("review missing", $"{script} is not in the database");
            }
            else if (review.State != script.ExpectedState)
            {
                Problem("wrong final state", $"{script} is {review.State}, expected {script.ExpectedState}");
            }
        }

        var expected = scripts.Select(s => s.ReviewId).ToHashSet();
        foreach (var review in Reviews.Where(r => !expected.Contains(r.Id)))
        {
            Problem("unexpected review", $"review {review.Id} ({review.State}) is not one the workload opened");
        }
    }

    /// <summary>
    /// Per review: sequences 1..n matching the review's length; no event id applied twice; every scripted event
    /// applied exactly once (or, if the script expects a refusal, never applied); every entry's event id is one
    /// the workload sent or one of the clock's firings for the review's own deadlines.
    /// </summary>
    private void CheckTimelines(IReadOnlyList<ReviewScript> scripts, IReadOnlyDictionary<Guid, ReviewRun> runs)
    {
        var byReview = Timeline.GroupBy(t => t.ReviewId).ToDictionary(g => g.Key, g => g.OrderBy(t => t.Sequence).ToList());
        var firings = Deadlines.GroupBy(d => d.ReviewId).ToDictionary(
            g => g.Key,
            g => g.SelectMany(d => new[]
            {
                (Id: DeadlinePump.FiringId(d.Id, "missed"), Event: "DeadlineMissed"),
                (Id: DeadlinePump.FiringId(d.Id, "approaching"), Event: "DeadlineApproaching"),
            }).ToDictionary(f => f.Id, f => f.Event));
        foreach (var review in Reviews)
        {
            var entries = byReview.GetValueOrDefault(review.Id) ?? [];
            var sequences = entries.Select(e => e.Sequence).ToList();
            if (!sequences.SequenceEqual(Enumerable.Range(1, entries.Count)) || entries.Count != review.TimelineLength)
            {
                Problem("timeline sequence", $"review {review.Id}: sequences [{Compact(sequences)}], the review records {review.TimelineLength}");
            }

            foreach (var twice in entries.Where(e => e.Outcome == TimelineEntry.Applied && e.EventId is not null)
                         .GroupBy(e => e.EventId).Where(g => g.Count() > 1))
            {
                Problem("event applied twice", $"review {review.Id}: event id {twice.Key} ({twice.First().Event}) applied {twice.Count()} times, at {Compact(twice.Select(e => e.Sequence))}");
            }
        }

        foreach (var script in scripts)
        {
            if (!runs.TryGetValue(script.ReviewId, out var run))
            {
                continue;
            }

            var entries = byReview.GetValueOrDefault(script.ReviewId) ?? [];
            var sent = run.Events.ToList();
            foreach (var e in sent)
            {
                var applied = entries.Count(t => t.EventId == e.EventId && t.Outcome == TimelineEntry.Applied);
                var rejected = entries.Count(t => t.EventId == e.EventId && t.Outcome == TimelineEntry.Rejected);
                var named = entries.Where(t => t.EventId == e.EventId).All(t => t.Event == e.Event);
                if (!named)
                {
                    Problem("timeline event name", $"{script}: event id {e.EventId} is recorded under another event's name than {e.Event}");
                }

                if (e.Expect == Expect.Applied && (applied != 1 || rejected != 0))
                {
                    Problem("scripted event not applied once", $"{script}: {e.Event} {e.EventId} is applied {applied} and rejected {rejected} times in the timeline");
                }
                else if (e.Expect == Expect.Rejected && (applied != 0 || rejected < 1))
                {
                    Problem("scripted refusal", $"{script}: {e.Event} {e.EventId} expected refused is applied {applied} and rejected {rejected} times");
                }
            }

            var known = sent.Select(e => e.EventId).ToHashSet();
            var clock = firings.GetValueOrDefault(script.ReviewId) ?? [];
            foreach (var entry in entries.Where(t => t.EventId is null
                         || (!known.Contains(t.EventId.Value) && !clock.ContainsKey(t.EventId.Value) && !workerEvents.Contains(t.EventId.Value))))
            {
                // A script that failed part-way may have had one more event applied than it recorded; that failure is reported already.
                if (run.Completed)
                {
                    Problem("unknown timeline entry", $"{script}: entry {entry.Sequence} {entry.Event} ({entry.Outcome}) has event id {entry.EventId?.ToString() ?? "none"}, which nobody sent");
                }
            }

            foreach (var entry in entries.Where(t => t.EventId is { } id && clock.TryGetValue(id, out var name) && name != t.Event))
            {
                Problem("timeline event name", $"{script}: entry {entry.Sequence} is {entry.Event} under a {clock[entry.EventId!.Value]} firing id");
            }
        }
    }

    /// <summary>
    /// Every deadline is met, cancelled, or missed; each fired at most once per kind, with exactly one outbox row and
    /// exactly one applied timeline entry for each firing; nothing left open once the clock has moved past everything.
    /// </summary>
    private void CheckDeadlines()
    {
        var missedRows = Outbox.Where(o => o.MessageType == DeadlineMissedType).ToList();
        var approachingRows = Outbox.Where(o => o.MessageType == DeadlineApproachingType).ToList();
        var missedByDeadline = missedRows.GroupBy(o => DeadlineIdOf(o)).ToDictionary(g => g.Key, g => g.ToList());
        var approachingByDeadline = approachingRows.GroupBy(o => DeadlineIdOf(o)).ToDictionary(g => g.Key, g => g.ToList());
        var applied = Timeline.Where(t => t.Outcome == TimelineEntry.Applied && t.EventId is not null)
            .GroupBy(t => (t.ReviewId, t.EventId!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var deadlines = Deadlines.ToDictionary(d => d.Id);

        foreach (var deadline in Deadlines)
        {
            var what = $"deadline {deadline.Id} ({deadline.Rule} {deadline.Key}{(deadline.Subject is null ? string.Empty : " " + deadline.Subject)}, due {deadline.DueOn}) of review {deadline.ReviewId}";
            if (deadline.Status == nameof(DeadlineStatus.Open))
            {
                Problem("deadline still open", $"{what} is still open after the clock passed its due date" + (deadline.MissedFired ? " although DeadlineMissed fired for it (the firing was lost)" : string.Empty));
            }

            if (deadline.Status == nameof(DeadlineStatus.Missed) && deadline.MetOn is null && !deadline.MissedFired)
            {
                Problem("deadline missed without firing", $"{what} is missed and never met, but the pump never fired it");
            }

            Firing(what, deadline, "DeadlineMissed", deadline.MissedFired, missedByDeadline.GetValueOrDefault(deadline.Id), applied, DeadlinePump.FiringId(deadline.Id, "missed"));
            Firing(what, deadline, "DeadlineApproaching", deadline.ApproachingFired, approachingByDeadline.GetValueOrDefault(deadline.Id), applied, DeadlinePump.FiringId(deadline.Id, "approaching"));
        }

        foreach (var row in missedRows.Concat(approachingRows))
        {
            var id = DeadlineIdOf(row);
            var reviewId = Guid.Parse((string)row.Body["reviewId"]!, CultureInfo.InvariantCulture);
            if (!deadlines.TryGetValue(id, out var deadline) || deadline.ReviewId != reviewId || row.ReviewId != reviewId)
            {
                Problem("firing of no deadline", $"outbox {row.Sequence} {row.MessageType} names deadline {id} of review {reviewId}, which the ledger does not hold for that review");
            }
        }
    }

    private void Firing(string what, DeadlineRow deadline, string kind, bool fired, List<OutboxRow>? rows, Dictionary<(Guid, Guid), int> applied, Guid firingId)
    {
        var count = rows?.Count ?? 0;
        if (count != (fired ? 1 : 0))
        {
            Problem($"{kind} fired not once", $"{what}: {count} {kind} outbox row(s), {(fired ? "marked fired" : "not marked fired")}");
        }

        var entries = applied.GetValueOrDefault((deadline.ReviewId, firingId));
        if (entries != (fired ? 1 : 0))
        {
            Problem($"{kind} in timeline not once", $"{what}: {entries} applied {kind} timeline entries for {(fired ? "a firing" : "no firing")}");
        }
    }

    /// <summary>Every outbox row sent; every command the reviews owed received by the journal exactly once; no command emitted twice.</summary>
    private void CheckOutboxAndJournal()
    {
        foreach (var row in Outbox.Where(o => !o.Sent))
        {
            Problem("outbox row unsent", $"outbox {row.Sequence} {row.MessageType} ({row.MessageId}) of review {row.ReviewId} was never sent");
        }

        // The direct evidence of a lost message: the relay marked it sent, and its consumer has no inbox row for it.
        foreach (var row in Outbox.Where(o => o.Sent))
        {
            var consumer = row.MessageType is DeadlineMissedType or DeadlineApproachingType ? "reviews"
                : CommandTypes.Contains(row.MessageType) ? "command-journal"
                : null;
            if (consumer is not null && !Inbox.Contains((consumer, row.MessageId)))
            {
                Problem("sent but never consumed", $"outbox {row.Sequence} {ShortType(row.MessageType)} ({row.MessageId}) of review {row.ReviewId} is marked sent, but the {consumer} consumer never processed it");
            }
        }

        var commands = Outbox.Where(o => CommandTypes.Contains(o.MessageType)).ToList();
        var journalById = Journal.GroupBy(j => j.MessageId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var command in commands)
        {
            var received = journalById.GetValueOrDefault(command.MessageId) ?? [];
            var key = (string?)command.Body["idempotencyKey"];
            if (received.Count != 1)
            {
                Problem("command not received once", $"outbox {command.Sequence} {ShortType(command.MessageType)} {key} ({command.MessageId}) is in the journal {received.Count} times");
            }
            else if (received[0].IdempotencyKey != key || received[0].ReviewId != command.ReviewId)
            {
                Problem("command received altered", $"outbox {command.Sequence} {key} arrived as {received[0].IdempotencyKey} for review {received[0].ReviewId}");
            }
        }

        var commandIds = commands.Select(c => c.MessageId).ToHashSet();
        foreach (var phantom in Journal.Where(j => !commandIds.Contains(j.MessageId)))
        {
            Problem("journal entry of no command", $"journal {phantom.MessageType} {phantom.IdempotencyKey} ({phantom.MessageId}) matches no command in the outbox");
        }

        foreach (var twice in Journal.GroupBy(j => j.IdempotencyKey, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            Problem("idempotency key twice in journal", $"{twice.Key} received {twice.Count()} times (message ids {string.Join(", ", twice.Select(j => j.MessageId))})");
        }

        foreach (var twice in commands.GroupBy(c => (string?)c.Body["idempotencyKey"], StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            Problem("command emitted twice", $"{twice.Key} is in the outbox {twice.Count()} times (outbox {string.Join(", ", twice.Select(c => c.Sequence))})");
        }
    }

    private void Problem(string kind, string detail)
    {
        var count = problemCounts.GetValueOrDefault(kind) + 1;
        problemCounts[kind] = count;
        if (count <= ExamplesPerKind)
        {
            problems.Add($"[{kind}] {detail}");
        }
    }

    private static Guid DeadlineIdOf(OutboxRow row) => Guid.Parse((string)row.Body["deadlineId"]!, CultureInfo.InvariantCulture);

    private static string ShortType(string type) => type[(type.LastIndexOf('.') + 1)..];

    private static string Compact(IEnumerable<int> numbers)
    {
        var list = numbers.ToList();
        return list.Count <= 12 ? string.Join(",", list) : string.Join(",", list.Take(12)) + $",... ({list.Count})";
    }

    private static Guid Id(SqliteDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture);

    private static async Task Read(SqliteConnection connection, string sql, Action<SqliteDataReader> row)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            row(reader);
        }
    }

    /// <summary>A row of <c>reviews</c>.</summary>
    public sealed record ReviewRow(Guid Id, string State, int TimelineLength, string TimelineHead);

    /// <summary>A row of <c>timeline</c>.</summary>
    public sealed record TimelineRow(Guid ReviewId, int Sequence, string Event, Guid? EventId, string Outcome);

    /// <summary>A row of <c>deadlines</c>.</summary>
    public sealed record DeadlineRow(
        Guid Id, Guid ReviewId, string Key, string Rule, string? Subject, string Status, string? MetOn, string DueOn, bool ApproachingFired, bool MissedFired);

    /// <summary>A row of <c>outbox</c>.</summary>
    public sealed record OutboxRow(long Sequence, Guid MessageId, string MessageType, Guid? ReviewId, JsonObject Body, bool Sent);

    /// <summary>A row of <c>command_journal</c>.</summary>
    public sealed record JournalRow(Guid MessageId, string MessageType, Guid ReviewId, string IdempotencyKey);
}
