using Accessory.Core.Text;

namespace Accessory.Core.Ble.Control;

/// <summary>
/// A command as written to the control characteristic: the command name (power, brightness, identify, reboot,
/// factory-reset), a line feed, then the JSON payload object those commands take on MQTT and the local API, e.g.
/// "brightness\n{\"brightness\":40}" or "reboot\n{}". A long write arrives in pieces with no end marker, so a frame
/// is complete when its JSON object closes (or when what follows the line feed cannot be an object at all).
/// </summary>
public static class CommandFrame
{
    /// <summary>Longest frame accepted (ATT's attribute value limit).</summary>
    public const int MaxLength = 512;

    public static byte[] Encode(string name, string json) => Utf8.Encode(name + "\n" + json);

    /// <summary>True once <paramref name="bytes"/> hold a whole frame (well-formed or not).</summary>
    public static bool IsComplete(byte[] bytes)
    {
        int newline = IndexOfNewline(bytes);
        if (newline < 0)
        {
            return false;
        }

        int i = newline + 1;
        while (i < bytes.Length && IsSpace(bytes[i]))
        {
            i++;
        }

        if (i == bytes.Length)
        {
            return false;
        }

        if (bytes[i] != (byte)'{')
        {
            return true;
        }

        int depth = 0;
        bool inString = false;
        for (; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b == (byte)'{' || b == (byte)'[')
            {
                depth++;
            }
            else if (b == (byte)'}' || b == (byte)']')
            {
                depth--;
                if (depth == 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Splits a complete frame into name and payload bytes.</summary>
    public static void Split(byte[] bytes, out string name, out byte[] payload)
    {
        int newline = IndexOfNewline(bytes);
        if (newline < 0)
        {
            name = Utf8.Decode(bytes);
            payload = new byte[0];
            return;
        }

        int nameEnd = newline > 0 && bytes[newline - 1] == (byte)'\r' ? newline - 1 : newline;
        name = Utf8.Decode(bytes, 0, nameEnd);
        payload = new byte[bytes.Length - newline - 1];
        System.Array.Copy(bytes, newline + 1, payload, 0, payload.Length);
    }

    private static int IndexOfNewline(byte[] bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n';
}
