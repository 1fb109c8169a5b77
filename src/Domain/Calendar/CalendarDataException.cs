namespace Orchestration.Domain.Calendar;

/// <summary>A bank-holidays file that cannot be used; the message names the file and the problem.</summary>
public sealed class CalendarDataException : Exception
{
    public CalendarDataException(string source, string problem)
        : base($"Bank holidays file '{source}' was refused: {problem}")
    {
        Source = source;
        Problem = problem;
    }

    public CalendarDataException(string source, string problem, Exception inner)
        : base($"Bank holidays file '{source}' was refused: {problem}", inner)
    {
        Source = source;
        Problem = problem;
    }

    /// <summary>The file (or stream name) that was refused.</summary>
    public new string Source { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
