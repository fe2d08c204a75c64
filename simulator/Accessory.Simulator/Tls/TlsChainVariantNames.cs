namespace Accessory.Simulator.Tls;

/// <summary>The names of <see cref="TlsChainVariant"/> as the fault configuration and CLI spell them.</summary>
public static class TlsChainVariantNames
{
    private static readonly string[] Names = { "self-signed", "valid", "missing-intermediate", "expired", "wrong-hostname", "untrusted-root" };

    /// <summary>"self-signed | valid | ...", for help texts and error messages.</summary>
    public static string Choices => string.Join(" | ", Names);

    public static string Name(TlsChainVariant variant)
    {
        int index = (int)variant;
        return index >= 0 && index < Names.Length ? Names[index] : "variant " + index;
    }

    public static bool TryParse(string? name, out TlsChainVariant variant)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (Names[i] == name)
            {
                variant = (TlsChainVariant)i;
                return true;
            }
        }

        variant = TlsChainVariant.SelfSigned;
        return false;
    }
}
