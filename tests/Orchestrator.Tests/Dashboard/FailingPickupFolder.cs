namespace Orchestration.Orchestrator.Tests.Dashboard;

/// <summary>
/// A pickup folder the workers cannot write until the test says so: its parent is a file, so creating the folder
/// fails (even for root) until <see cref="Repair"/> removes the file.
/// </summary>
public sealed class FailingPickupFolder : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("dashboard-pickup-").FullName;

    public FailingPickupFolder() => File.WriteAllText(Blocker, "not a folder");

    /// <summary>The pickup folder to configure (<c>Email:PickupDirectory</c>).</summary>
    public string Path => System.IO.Path.Combine(Blocker, "mail");

    private string Blocker => System.IO.Path.Combine(root, "blocked");

    /// <summary>The settings of an orchestrator whose workers send through this folder, each delivery given one attempt.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Delivery:DispatcherEnabled"] = "true",
        ["Delivery:PollInterval"] = "00:00:00.100",
        ["Delivery:MaxAttempts"] = "1",
        ["Email:Channel"] = "Pickup",
        ["Email:PickupDirectory"] = Path,
    };

    /// <summary>Makes the folder writable.</summary>
    public void Repair() => File.Delete(Blocker);

    /// <summary>The messages written so far.</summary>
    public IReadOnlyList<string> Messages() =>
        Directory.Exists(Path) ? Directory.GetFiles(Path, "*.eml") : [];

    public void Dispose() => Directory.Delete(root, recursive: true);
}
