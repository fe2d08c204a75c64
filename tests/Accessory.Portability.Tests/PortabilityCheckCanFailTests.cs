namespace Accessory.Portability.Tests;

/// <summary>
/// Proves the portability gates bite: a desktop-only call planted in a copy of the core breaks the nanoFramework
/// compile, and a planted generic type compiles but is caught by the metadata check.
/// </summary>
public class PortabilityCheckCanFailTests
{
    [Fact]
    public void An_unmodified_copy_compiles_cleanly_for_nanoFramework()
    {
        using var copy = new TempCoreCopy();

        var (exitCode, output) = copy.BuildNano();

        Assert.True(exitCode == 0, output);
        Assert.Empty(NanoMetadataCheck.FindViolations(copy.OutputAssembly));
    }

    [Fact]
    public void A_desktop_only_call_in_the_core_breaks_the_nanoFramework_compile()
    {
        using var copy = new TempCoreCopy();
        copy.AddCoreFile("LeakedDesktopCall.cs", """
            using System.Linq;

            namespace Accessory.Core;

            internal static class LeakedDesktopCall
            {
                public static int Count(int[] values) => values.Count();
            }
            """);

        var (exitCode, output) = copy.BuildNano();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("LeakedDesktopCall.cs", output, StringComparison.Ordinal);
        Assert.Contains("error CS0234", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generic_type_compiles_but_the_metadata_check_rejects_it()
    {
        using var copy = new TempCoreCopy();
        copy.AddCoreFile("LeakedGeneric.cs", """
            namespace Accessory.Core;

            internal sealed class LeakedBox<T>
            {
                public LeakedBox(T value) => Value = value;

                public T Value { get; }

                public static object Make() => new LeakedBox<int>(1);
            }
            """);

        var (exitCode, output) = copy.BuildNano();

        Assert.True(exitCode == 0, output);
        var violations = NanoMetadataCheck.FindViolations(copy.OutputAssembly);
        Assert.Contains("generic type definition Accessory.Core.LeakedBox`1", violations);
        Assert.Contains(violations, v => v.StartsWith("generic instantiation", StringComparison.Ordinal));
    }
}
