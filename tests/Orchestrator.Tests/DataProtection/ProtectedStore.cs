using System.Text;
using Microsoft.Data.Sqlite;
using Orchestration.Orchestrator.Tests.Reviews;

namespace Orchestration.Orchestrator.Tests.DataProtection;

/// <summary>
/// A folder of the test's own holding the two SQLite files and, beside them, the key ring (the embedded default's
/// layout: <c>keys</c> next to the reviews' file), so a test can stop the orchestrator, read the files as an attacker
/// with a copy of them would, lose the keys, and start again on the same data.
/// </summary>
public sealed class ProtectedStore : IDisposable
{
    /// <summary>What the seeded referral says that is personal (<see cref="Referrals.Complete"/>).</summary>
    public static readonly string[] PersonalValues =
    [
        Referrals.ChildName, "2019-04-02", "1 Example Row, Exampletown", "Admitted to hospital with injuries inconsistent",
        "Pat Testparent", "Serious harm where abuse is suspected", "Jo Referrer", "jo.referrer@council.example", "DC Example",
    ];

    /// <summary>The folder.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("protected-store-").FullName;

    /// <summary>The reviews' database file.</summary>
    public string ReviewsFile => Path.Combine(Folder, "orchestrator.db");

    /// <summary>The workers' ledger file.</summary>
    public string WorkersFile => Path.Combine(Folder, "workers.db");

    /// <summary>The key ring's directory by default: beside the reviews' file.</summary>
    public string KeysPath => Path.Combine(Folder, "keys");

    /// <summary>Configuration pointing an orchestrator at the folder, with <paramref name="more"/>.</summary>
    public Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Reviews"] = $"Data Source={ReviewsFile}",
            ["ConnectionStrings:Workers"] = $"Data Source={WorkersFile}",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Runs one statement on the reviews' file; returns the rows it changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={ReviewsFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Every byte of a database as it lies on disk: the write-ahead log checkpointed into the file first, then the file
    /// and whatever is left of its <c>-wal</c> read raw.
    /// </summary>
    public static byte[] BytesOf(string databaseFile)
    {
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        var bytes = new List<byte>(File.ReadAllBytes(databaseFile));
        if (File.Exists(databaseFile + "-wal"))
        {
            bytes.AddRange(File.ReadAllBytes(databaseFile + "-wal"));
        }

        return [.. bytes];
    }

    /// <summary>The personal values found in <paramref name="bytes"/> (as UTF-8 or UTF-16), if any.</summary>
    public static IReadOnlyList<string> PersonalValuesIn(byte[] bytes) =>
        [.. PersonalValues.Where(value => Contains(bytes, Encoding.UTF8.GetBytes(value)) || Contains(bytes, Encoding.Unicode.GetBytes(value)))];

    /// <summary>The personal values found in <paramref name="text"/>, if any.</summary>
    public static IReadOnlyList<string> PersonalValuesIn(string text) =>
        [.. PersonalValues.Where(value => text.Contains(value, StringComparison.OrdinalIgnoreCase))];

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <inheritdoc />
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
