using System.Security.Cryptography;
using Orchestration.Contracts;

namespace Orchestration.Workers.Email;

/// <summary>Where report documents are kept; the orchestrator writes, the workers read.</summary>
public sealed class DocumentStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Documents";

    /// <summary>The content store's folder, shared by the orchestrator and the workers.</summary>
    public string Path { get; set; } = "data/documents";
}

/// <summary>Reads documents from the content store, checking each is the one its hash names.</summary>
public static class DocumentStore
{
    /// <summary>The file a document with this hash lives in.</summary>
    public static string PathOf(string root, string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("a document is named by 64 lower-case hex digits", nameof(sha256));
        }

        return System.IO.Path.Combine(System.IO.Path.GetFullPath(root), sha256[..2], sha256);
    }

    /// <summary>The document's bytes, or null when it is missing or not what its hash says.</summary>
    public static async Task<byte[]?> Read(string root, DocumentReference document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var file = PathOf(root, document.Sha256);
        if (!File.Exists(file))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(SHA256.HashData(bytes)) == document.Sha256 ? bytes : null;
    }
}
