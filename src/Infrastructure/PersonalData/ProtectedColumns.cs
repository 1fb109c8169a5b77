using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orchestration.Infrastructure.PersonalData;

/// <summary>
/// Personal columns in EF Core: a value converter protects a field on write and unprotects it on read, so the code
/// above the context sees plain values and the database holds only ciphertext. The context learns its
/// <see cref="FieldProtector"/> from its options (<see cref="UsePersonalDataProtection"/>); the model is cached per
/// protector, so two hosts in one process (tests) each use their own key ring. Without one (design time, migrations)
/// the columns are plain strings: the converters change no column type.
/// </summary>
public static class ProtectedColumns
{
    /// <summary>Gives the context <paramref name="protector"/> for its personal columns.</summary>
    public static DbContextOptionsBuilder UsePersonalDataProtection(this DbContextOptionsBuilder options, FieldProtector protector)
    {
        ArgumentNullException.ThrowIfNull(options);
        CarriedOptionExtension<FieldProtector>.Carry(options, protector, "PersonalDataProtection");
        return options.ReplaceService<IModelCacheKeyFactory, ProtectedModelCacheKeyFactory>();
    }

    /// <summary>The protector the context was given, or null (design time).</summary>
    public static FieldProtector? ProtectorOf(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CarriedOptionExtension<FieldProtector>.Of(context);
    }

    /// <summary>Marks a string column personal: protected at rest when the context has a protector.</summary>
    public static PropertyBuilder<TProperty> IsPersonal<TProperty>(this PropertyBuilder<TProperty> property, FieldProtector? protector)
    {
        ArgumentNullException.ThrowIfNull(property);
        if (typeof(TProperty) != typeof(string))
        {
            throw new ArgumentException($"Only string columns are protected, not {typeof(TProperty).Name}.", nameof(property));
        }

        return protector is null
            ? property
            : property.HasConversion(
                new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<string, string>(
                    plain => protector.Protect(plain),
                    stored => protector.Unprotect(stored)));
    }

    private sealed class ProtectedModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), designTime, ProtectorOf(context));
    }
}
