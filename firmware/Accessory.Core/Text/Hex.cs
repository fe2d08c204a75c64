namespace Accessory.Core.Text;

/// <summary>Upper-case hexadecimal without separators, as ESP-IDF prints MACs in device names.</summary>
public static class Hex
{
    private const string Digits = "0123456789ABCDEF";
    private const string LowerDigits = "0123456789abcdef";

    public static string Encode(byte[] bytes) => Encode(bytes, 0, bytes.Length);

    public static string Encode(byte[] bytes, int offset, int count) => Encode(bytes, offset, count, Digits);

    /// <summary>Lower-case, as UUIDs are conventionally written.</summary>
    public static string EncodeLower(byte[] bytes) => Encode(bytes, 0, bytes.Length, LowerDigits);

    /// <summary>The value of one hex digit (either case), or -1.</summary>
    public static int Digit(char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }

        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }

        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }

        return -1;
    }

    private static string Encode(byte[] bytes, int offset, int count, string digits)
    {
        var chars = new char[count * 2];
        for (int i = 0; i < count; i++)
        {
            int b = bytes[offset + i];
            chars[2 * i] = digits[b >> 4];
            chars[(2 * i) + 1] = digits[b & 0xF];
        }

        return new string(chars);
    }
}
