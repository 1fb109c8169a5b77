namespace Orchestration.Orchestrator.Input;

/// <summary>
/// The limits every request is held to before anything reads it (section <c>Input</c>). Field lengths, list sizes
/// and date ranges are the validators' (<see cref="Reviews.ReferralValidator"/>, <see cref="Reviews.EventValidator"/>),
/// and the largest document is <c>Documents:MaxBytes</c>.
/// </summary>
public sealed class InputLimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Input";

    /// <summary>The largest request body, in bytes, of every endpoint but the document upload: 1 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How deeply a JSON body may nest objects and arrays (the contracts need fewer than ten levels).</summary>
    public int MaxJsonDepth { get; set; } = 32;
}
