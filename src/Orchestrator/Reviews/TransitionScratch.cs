namespace Orchestration.Orchestrator.Reviews;

/// <summary>What one transition collects on its way: the timeline's words and the rows it adds.</summary>
internal sealed class TransitionScratch
{
    public string? StateBefore { get; set; }

    public List<string> Notes { get; } = [];

    /// <summary>Why the event was refused; null when it was applied.</summary>
    public string? RejectedBecause { get; private set; }

    /// <summary>For a refused publication date, the earliest one that complies.</summary>
    public DateOnly? EarliestCompliantPublicationDate { get; set; }

    /// <summary>Rows to add in the same transaction as the review.</summary>
    public List<object> NewRows { get; } = [];

    /// <summary>Whether the timeline entry and the answer were written.</summary>
    public bool Finished { get; set; }

    public void Reject(string reason) => RejectedBecause ??= reason;

    public void Note(string note) => Notes.Add(note);
}
