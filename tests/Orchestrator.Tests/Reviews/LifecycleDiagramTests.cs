using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>docs/state-machine.md is what the code draws, so the documented lifecycle cannot drift from the real one.</summary>
public sealed class LifecycleDiagramTests
{
    [Fact]
    public void The_documented_state_machine_is_the_one_the_code_draws()
    {
        var documented = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "state-machine.md"));

        Assert.True(
            documented.ReplaceLineEndings() == LifecycleDiagram.Markdown().ReplaceLineEndings(),
            "docs/state-machine.md is stale: regenerate it with `dotnet run --project src/Orchestrator -- diagram > docs/state-machine.md`.");
    }

    [Fact]
    public void The_diagram_has_an_arrow_for_every_change_of_state_the_machine_declares()
    {
        var markdown = LifecycleDiagram.Markdown();

        Assert.Contains("[*] --> RapidReview: ReferralSubmitted", markdown, StringComparison.Ordinal);
        Assert.Contains("PublicationPending --> Published: ReportPublished", markdown, StringComparison.Ordinal);
        Assert.Contains("LearningMonitoring --> Closed: LearningActionCompleted", markdown, StringComparison.Ordinal);
        Assert.Contains("EscalatedToHeadOfService", markdown, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestration.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    }
}
