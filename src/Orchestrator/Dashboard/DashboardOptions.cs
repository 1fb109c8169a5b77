namespace Orchestration.Orchestrator.Dashboard;

/// <summary>The operations dashboard's settings (section <c>Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dashboard";

    /// <summary>
    /// The address of a review's trace in the trace viewer; <c>{reviewId}</c> is replaced by the review's id (the
    /// spans carry it as the <c>review.id</c> tag). Jaeger's search by default, as in docker-compose.yml; empty for no link.
    /// </summary>
    public string TraceUrlTemplate { get; set; } = """http://localhost:16686/search?service=cspr-orchestrator&tags={"review.id":"{reviewId}"}""";

    /// <summary>
    /// The older name of <c>DataProtection:KeysPath</c>, read when that is not set: the deployment's one key ring, which
    /// protects the forms' antiforgery tokens and the personal fields alike.
    /// </summary>
    public string? KeysPath { get; set; }

    /// <summary>The most reviews the risk board lists (the most urgent first).</summary>
    public int RiskBoardRows { get; set; } = 200;

    /// <summary>The link to one review's trace, or null when no viewer is configured.</summary>
    public string? TraceUrl(Guid reviewId) =>
        string.IsNullOrWhiteSpace(TraceUrlTemplate) ? null : TraceUrlTemplate.Replace("{reviewId}", reviewId.ToString("D"), StringComparison.Ordinal);
}
