namespace Accessory.Core.Ble.Improv;

/// <summary>
/// Improv's RPC framing: command byte, data length byte, data, checksum (low 8 bits of the sum of all bytes before it).
/// Result data is a run of length-prefixed strings.
/// </summary>
public static class ImprovPacket
{
    /// <summary>A length byte caps data at 255 bytes.</summary>
    public const int MaxData = 255;

    public static byte Checksum(byte[] bytes, int offset, int count)
    {
        int sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += bytes[offset + i];
        }

        return (byte)sum;
    }

    /// <summary>The whole packet's length once its length byte arrived; -1 while fewer than two bytes are known.</summary>
    public static int TotalLength(byte[] bytes, int count) => count < 2 ? -1 : bytes[1] + 3;

    /// <summary>
    /// A result packet of <paramref name="strings"/>. Strings that no longer fit the 255-byte data are left out
    /// (from the first that does not fit), because a cut string would be a wrong URL or SSID.
    /// </summary>
    public static byte[] Result(int command, byte[][] strings)
    {
        int length = 0;
        int count = 0;
        while (count < strings.Length && strings[count].Length <= MaxData && length + 1 + strings[count].Length <= MaxData)
        {
            length += 1 + strings[count].Length;
            count++;
        }

        var packet = new byte[length + 3];
        packet[0] = (byte)command;
        packet[1] = (byte)length;
        int at = 2;
        for (int i = 0; i < count; i++)
        {
            packet[at++] = (byte)strings[i].Length;
            System.Array.Copy(strings[i], 0, packet, at, strings[i].Length);
            at += strings[i].Length;
        }

        packet[at] = Checksum(packet, 0, at);
        return packet;
    }

    /// <summary>A result of UTF-8 strings.</summary>
    public static byte[] Result(int command, string[] strings)
    {
        var bytes = new byte[strings.Length][];
        for (int i = 0; i < strings.Length; i++)
        {
            bytes[i] = Accessory.Core.Text.Utf8.Encode(strings[i] ?? string.Empty);
        }

        return Result(command, bytes);
    }

    /// <summary>
    /// Splits Wi-Fi settings data (ssid length, ssid, password length, password) that must fill the data exactly;
    /// false when it does not.
    /// </summary>
    public static bool TryReadWifiSettings(byte[] packet, out byte[] ssid, out byte[] password)
    {
        ssid = new byte[0];
        password = new byte[0];
        int end = 2 + packet[1];
        int at = 2;
        if (at >= end)
        {
            return false;
        }

        int ssidLength = packet[at++];
        if (ssidLength == 0 || at + ssidLength >= end)
        {
            return false;
        }

        ssid = Slice(packet, at, ssidLength);
        at += ssidLength;
        int passwordLength = packet[at++];
        if (at + passwordLength != end)
        {
            return false;
        }

        password = Slice(packet, at, passwordLength);
        return true;
    }

    private static byte[] Slice(byte[] bytes, int offset, int count)
    {
        var copy = new byte[count];
        System.Array.Copy(bytes, offset, copy, 0, count);
        return copy;
    }
}
