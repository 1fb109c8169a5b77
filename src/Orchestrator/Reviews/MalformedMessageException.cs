namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// A message on the bus that no review can take as it is: it faults to the error queue, changing nothing. Its message names
/// the message type and the fields, never their values.
/// </summary>
public sealed class MalformedMessageException : Exception
{
    /// <summary>Creates the exception for <paramref name="messageType"/> and the fields at fault.</summary>
    public MalformedMessageException(string messageType, IEnumerable<string> fields)
        : base($"{messageType} is malformed: {string.Join(", ", fields ?? [])}.")
    {
    }

    /// <summary>Creates an empty one.</summary>
    public MalformedMessageException()
    {
    }

    /// <summary>Creates one with a message.</summary>
    public MalformedMessageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates one with a message and a cause.</summary>
    public MalformedMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
