namespace Accessory.Core.Text;

/// <summary>
/// UTF-8 codec of our own: nanoFramework's mscorlib has no System.Text. Decoding is total: every malformed
/// sequence becomes U+FFFD, so bytes from the air (SSIDs, HTTP bodies) can never throw.
/// </summary>
public static class Utf8
{
    private const char Replacement = '\uFFFD';

    public static byte[] Encode(string text)
    {
        var builder = new ByteBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
            {
                int cp = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                i++;
                builder.Append((byte)(0xF0 | (cp >> 18)));
                builder.Append((byte)(0x80 | ((cp >> 12) & 0x3F)));
                builder.Append((byte)(0x80 | ((cp >> 6) & 0x3F)));
                builder.Append((byte)(0x80 | (cp & 0x3F)));
            }
            else if (c >= 0xD800 && c <= 0xDFFF)
            {
                // A lone surrogate has no UTF-8 form; encode the replacement character as .NET does.
                AppendThreeBytes(builder, Replacement);
            }
            else if (c < 0x80)
            {
                builder.Append((byte)c);
            }
            else if (c < 0x800)
            {
                builder.Append((byte)(0xC0 | (c >> 6)));
                builder.Append((byte)(0x80 | (c & 0x3F)));
            }
            else
            {
                AppendThreeBytes(builder, c);
            }
        }

        return builder.ToArray();
    }

    public static string Decode(byte[] bytes) => Decode(bytes, 0, bytes.Length);

    public static string Decode(byte[] bytes, int offset, int count)
    {
        var chars = new char[count];
        int n = 0;
        int end = offset + count;
        int i = offset;
        while (i < end)
        {
            int length = SequenceLength(bytes, i, end, out int cp);
            if (length == 0)
            {
                chars[n++] = Replacement;
                i++;
                continue;
            }

            i += length;
            if (cp >= 0x10000)
            {
                cp -= 0x10000;
                chars[n++] = (char)(0xD800 + (cp >> 10));
                chars[n++] = (char)(0xDC00 + (cp & 0x3FF));
            }
            else
            {
                chars[n++] = (char)cp;
            }
        }

        return new string(chars, 0, n);
    }

    /// <summary>True when <paramref name="bytes"/> is well-formed UTF-8 (no overlongs, no surrogates).</summary>
    public static bool IsValid(byte[] bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            int length = SequenceLength(bytes, i, bytes.Length, out _);
            if (length == 0)
            {
                return false;
            }

            i += length;
        }

        return true;
    }

    private static void AppendThreeBytes(ByteBuilder builder, int c)
    {
        builder.Append((byte)(0xE0 | (c >> 12)));
        builder.Append((byte)(0x80 | ((c >> 6) & 0x3F)));
        builder.Append((byte)(0x80 | (c & 0x3F)));
    }

    // Returns the length of the well-formed sequence at i (and its code point), or 0 when it is malformed.
    private static int SequenceLength(byte[] b, int i, int end, out int codePoint)
    {
        int lead = b[i];
        codePoint = lead;
        if (lead < 0x80)
        {
            return 1;
        }

        int length;
        int min;
        if ((lead & 0xE0) == 0xC0)
        {
            length = 2;
            min = 0x80;
            codePoint = lead & 0x1F;
        }
        else if ((lead & 0xF0) == 0xE0)
        {
            length = 3;
            min = 0x800;
            codePoint = lead & 0x0F;
        }
        else if ((lead & 0xF8) == 0xF0)
        {
            length = 4;
            min = 0x10000;
            codePoint = lead & 0x07;
        }
        else
        {
            return 0;
        }

        if (i + length > end)
        {
            return 0;
        }

        for (int k = 1; k < length; k++)
        {
            int next = b[i + k];
            if ((next & 0xC0) != 0x80)
            {
                return 0;
            }

            codePoint = (codePoint << 6) | (next & 0x3F);
        }

        bool surrogate = codePoint >= 0xD800 && codePoint <= 0xDFFF;
        return codePoint < min || codePoint > 0x10FFFF || surrogate ? 0 : length;
    }
}
