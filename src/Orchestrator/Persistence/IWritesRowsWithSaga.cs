namespace Orchestration.Orchestrator.Persistence;

/// <summary>
/// A saga whose transitions add rows of other tables (timeline entries, the referral) that must commit in
/// the same transaction as the saga's own row. The repository adds them before it saves, then forgets them.
/// </summary>
public interface IWritesRowsWithSaga
{
    /// <summary>The rows the transition in progress adds; the repository empties the list once they are tracked.</summary>
    IList<object> RowsToAdd { get; }
}
