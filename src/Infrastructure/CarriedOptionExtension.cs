using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Orchestration.Infrastructure;

/// <summary>
/// Carries one object of ours in a context's options (the field protector, the SQLite write gate), so that the context
/// and its conventions can find it with <c>FindExtension</c>. It changes none of EF Core's internal services, so every
/// context with one shares EF's service provider; what tells models apart is the model cache key, where it matters.
/// </summary>
/// <typeparam name="T">What is carried.</typeparam>
internal sealed class CarriedOptionExtension<T>(T value, string name) : IDbContextOptionsExtension
    where T : class
{
    /// <summary>What the options carry.</summary>
    public T Value { get; } = value;

    /// <inheritdoc />
    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this, name);

    /// <summary>The value carried by <paramref name="context"/>'s options, or null.</summary>
    public static T? Of(DbContext context) => context.GetService<IDbContextOptions>().FindExtension<CarriedOptionExtension<T>>()?.Value;

    /// <summary>Adds <paramref name="value"/> to <paramref name="options"/>, replacing one carried before.</summary>
    public static void Carry(DbContextOptionsBuilder options, T value, string name) =>
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new CarriedOptionExtension<T>(value, name));

    /// <inheritdoc />
    public void ApplyServices(IServiceCollection services)
    {
    }

    /// <inheritdoc />
    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension, string name) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => name + " ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo[name] = "1";
    }
}
