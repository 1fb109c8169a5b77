using System.Security.Cryptography;

namespace Orchestration.Infrastructure;

/// <summary>
/// Where report documents are kept (section <c>Documents</c>): the orchestrator writes them, the workers read them,
/// so both processes must be given the same folder.
/// </summary>
public sealed class DocumentStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Documents";

    /// <summary>The content store's folder: <c>{Path}/{first two hex digits}/{sha256}</c>.</summary>
    public string Path { get; set; } = "data/documents";

    /// <summary>The largest document accepted, in bytes (20 MiB by default).</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
}

/// <summary>A folder of documents named by the SHA-256 of their bytes, each written once and checked when read.</summary>
public static class ContentStore
{
    /// <summary>The file a document with this hash lives in.</summary>
    public static string PathOf(string root, string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("a document is named by 64 lower-case hex digits", nameof(sha256));
        }

        return Path.Combine(Path.GetFullPath(root), sha256[..2], sha256);
    }

    /// <summary>Stores the bytes (once: a document already there is left as it is); returns their SHA-256.</summary>
    public static async Task<string> Put(string root, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        await WriteOnceFile.Write(PathOf(root, sha256), (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken).ConfigureAwait(false);
        return sha256;
    }

    /// <summary>The document's bytes, or null when it is missing or not what its hash says.</summary>
    public static async Task<byte[]?> Get(string root, string sha256, CancellationToken cancellationToken)
    {
        var file = PathOf(root, sha256);
        if (!File.Exists(file))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(SHA256.HashData(bytes)) == sha256 ? bytes : null;
    }
}

/// <summary>A file that appears whole or not at all, and only once.</summary>
public static class WriteOnceFile
{
    /// <summary>
    /// Writes the file aside and moves it into place; a file already there (an earlier attempt, another writer) is
    /// left as it is. Returns whether this call wrote it.
    /// </summary>
    public static async Task<bool> Write(string target, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(write);
        if (File.Exists(target))
        {
            return false;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(folder);
        var aside = Path.Combine(folder, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var stream = new FileStream(aside, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.WriteThrough);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                File.Move(aside, target, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                return false;
            }
        }
        finally
        {
            if (File.Exists(aside))
            {
                File.Delete(aside);
            }
        }
    }
}
