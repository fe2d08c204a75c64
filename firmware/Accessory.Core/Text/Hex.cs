namespace Accessory.Core.Text;

/// <summary>Upper-case hexadecimal without separators, as ESP-IDF prints MACs in device names.</summary>
public static class Hex
{
    private const string Digits = "0123456789ABCDEF";

    public static string Encode(byte[] bytes) => Encode(bytes, 0, bytes.Length);

    public static string Encode(byte[] bytes, int offset, int count)
    {
        var chars = new char[count * 2];
        for (int i = 0; i < count; i++)
        {
            int b = bytes[offset + i];
            chars[2 * i] = Digits[b >> 4];
            chars[(2 * i) + 1] = Digits[b & 0xF];
        }

        return new string(chars);
    }
}
