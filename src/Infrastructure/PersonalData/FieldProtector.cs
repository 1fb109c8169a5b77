using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Orchestration.Infrastructure.PersonalData;

/// <summary>
/// Encrypts and decrypts one personal field at a time with ASP.NET Core Data Protection (authenticated
/// AES-256-CBC with HMACSHA256 by default), keyed from a key ring kept outside the database. A protected value
/// is <see cref="Marker"/> followed by the Data Protection payload; a stored value without the marker was
/// written in plain text before fields were encrypted and is read as it is.
/// </summary>
public sealed class FieldProtector
{
    /// <summary>What every protected value starts with (version 1 of the format).</summary>
    public const string Marker = "dp1:";

    /// <summary>The Data Protection purpose of personal fields; a different purpose cannot read them.</summary>
    public const string Purpose = "Orchestration.PersonalFields.v1";

    private readonly IDataProtector protector;

    /// <summary>A protector for personal fields from <paramref name="provider"/>; <paramref name="keyRing"/> names the key ring in errors.</summary>
    public FieldProtector(IDataProtectionProvider provider, string keyRing)
    {
        ArgumentNullException.ThrowIfNull(provider);
        protector = provider.CreateProtector(Purpose);
        KeyRing = keyRing;
    }

    /// <summary>Where the key ring is, as configured (for error messages and the runbook).</summary>
    public string KeyRing { get; }

    /// <summary>The protected form of <paramref name="plain"/>.</summary>
    public string Protect(string plain)
    {
        ArgumentNullException.ThrowIfNull(plain);
        return Marker + protector.Protect(plain);
    }

    /// <summary>
    /// The plain text of a stored value: decrypted when it is protected, as it is when it predates encryption.
    /// A protected value the key ring cannot open throws <see cref="PersonalDataUnreadableException"/>, never garbage.
    /// </summary>
    public string Unprotect(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!IsProtected(stored))
        {
            return stored;
        }

        try
        {
            return protector.Unprotect(stored[Marker.Length..]);
        }
        catch (CryptographicException failure)
        {
            throw PersonalDataUnreadableException.For(KeyRing, failure);
        }
    }

    /// <summary>Whether a stored value is in the protected form.</summary>
    public static bool IsProtected(string stored) => stored?.StartsWith(Marker, StringComparison.Ordinal) == true;

    /// <summary>
    /// A protector reading the key ring in <paramref name="keysDirectory"/> directly, as the services do: for tools
    /// and tests that open a database file without a host.
    /// </summary>
    public static FieldProtector ForKeyDirectory(string keysDirectory)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName(PersonalDataProtection.ApplicationName).PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        return new FieldProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>(), keysDirectory);
    }
}

/// <summary>
/// A personal field could not be decrypted: the key ring in use does not hold the key it was written with (the key
/// directory was lost or another one configured), or the value was altered. The message names the key ring only,
/// never the field's content.
/// </summary>
public sealed class PersonalDataUnreadableException : InvalidOperationException
{
    /// <summary>The failure for the key ring at <paramref name="keyRing"/>.</summary>
    public static PersonalDataUnreadableException For(string keyRing, Exception inner) =>
        new($"A personal field could not be decrypted with the key ring at '{keyRing}': the key it was protected with is not there " +
            "(a lost or different DataProtection:KeysPath) or the stored value was altered. Restore the key ring backed up with the database.", inner);

    /// <summary>For serialisers; use the other constructor.</summary>
    public PersonalDataUnreadableException()
    {
    }

    /// <summary>For serialisers; use the other constructor.</summary>
    public PersonalDataUnreadableException(string message)
        : base(message)
    {
    }

    /// <summary>For serialisers; use the other constructor.</summary>
    public PersonalDataUnreadableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
