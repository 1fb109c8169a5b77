namespace Orchestration.Domain.Profiles;

/// <summary>A procedure profile that was refused; the message names the file and every problem found.</summary>
public sealed class ProfileValidationException : Exception
{
    public ProfileValidationException(string file, IReadOnlyList<string> problems, Exception? inner = null)
        : base(Describe(file, problems), inner)
    {
        File = file;
        Problems = problems;
    }

    /// <summary>The profile file that was refused.</summary>
    public string File { get; }

    /// <summary>Each problem, as a sentence.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(string file, IReadOnlyList<string> problems) =>
        $"Procedure profile '{file}' was refused:{Environment.NewLine}- {string.Join(Environment.NewLine + "- ", problems)}";
}
