using System.Globalization;
using System.Text;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// Draws the review lifecycle from the state machine's own declarations (and the learning action's from
/// its Stateless machine) as Markdown with Mermaid diagrams: docs/state-machine.md is this output, and a
/// test fails if the two differ.
/// </summary>
public static class LifecycleDiagram
{
    /// <summary>The verb that prints it: <c>Orchestration.Orchestrator diagram</c>.</summary>
    public const string Verb = "diagram";

    /// <summary>The document for a machine built without any profile (its declarations do not depend on one).</summary>
    public static string Markdown() =>
        Markdown(new ReviewStateMachine(new ReviewProcedure(new ProfileCatalogue([]), WorkingDayCalendar.FromFile(WorkingDayCalendar.ShippedDataPath)), TimeProvider.System));

    /// <summary>The document for <paramref name="machine"/>.</summary>
    public static string Markdown(ReviewStateMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var text = new StringBuilder();
        text.AppendLine("# The review lifecycle");
        text.AppendLine();
        text.AppendLine("<!-- Generated from the code by `dotnet run --project src/Orchestrator -- diagram > docs/state-machine.md`; a test fails when it is stale. -->");
        text.AppendLine();
        text.AppendLine("Each arrow is an event that can move a review from one state to another (whether it does may depend");
        text.AppendLine("on the procedure's rules, e.g. a quorum or every partner's endorsement). Events that a state accepts");
        text.AppendLine("without leaving it are listed below the diagram; any other event is rejected and recorded.");
        text.AppendLine();
        text.AppendLine("```mermaid");
        text.AppendLine("stateDiagram-v2");
        var edges = machine.Transitions
            .SelectMany(rule => rule.From.SelectMany(from => rule.To.Where(to => to != from).Select(to => (From: from, To: to, rule.Event))))
            .GroupBy(edge => (edge.From, edge.To))
            .OrderBy(group => Order(machine, group.Key.From)).ThenBy(group => Order(machine, group.Key.To));
        foreach (var edge in edges)
        {
            var from = edge.Key.From == "Initial" ? "[*]" : edge.Key.From;
            text.AppendLine(CultureInfo.InvariantCulture, $"    {from} --> {edge.Key.To}: {string.Join(", ", edge.Select(e => e.Event).Distinct())}");
        }

        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("| state | events accepted without a change of state |");
        text.AppendLine("| --- | --- |");
        foreach (var state in machine.States.Select(s => s.Name).Where(name => name is not "Initial" and not "Final").OrderBy(name => Order(machine, name)))
        {
            var staying = machine.Transitions
                .Where(rule => rule.From.Contains(state) && (rule.To.Count == 0 || rule.To.Contains(state)))
                .Select(rule => rule.Event)
                .Distinct()
                .Order(StringComparer.Ordinal);
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{state}` | {string.Join(", ", staying)} |");
        }

        text.AppendLine();
        text.AppendLine("## A learning action");
        text.AppendLine();
        text.AppendLine("Each action of the plan (N18) has its own small lifecycle inside the review (a Stateless machine).");
        text.AppendLine("Darlington's escalations come from its profile's deadlines three and six months after the due date.");
        text.AppendLine();
        text.AppendLine("```mermaid");
        text.AppendLine(LearningActionLifecycle.ToMermaid().TrimEnd());
        text.AppendLine("```");
        return text.ToString();
    }

    private static int Order(ReviewStateMachine machine, string state) =>
        machine.States.Select(s => s.Name).ToList().IndexOf(state);
}
