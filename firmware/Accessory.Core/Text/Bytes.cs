namespace Accessory.Core.Text;

/// <summary>Byte-array comparison for the core, which has no Span or LINQ on nanoFramework.</summary>
public static class Bytes
{
    /// <summary>Same length and same bytes; two nulls are equal, a null and an array are not.</summary>
    public static bool Equal(byte[]? a, byte[]? b)
    {
        if (a == null || b == null)
        {
            return a == b;
        }

        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
