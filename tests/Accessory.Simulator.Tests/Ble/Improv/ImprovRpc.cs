using System.Text;

namespace Accessory.Simulator.Tests.Ble.Improv;

/// <summary>
/// The phone's side of Improv's BLE packets, written from the spec rather than shared with the core, so a framing
/// mistake in the core cannot hide behind the same mistake here.
/// </summary>
internal static class ImprovRpc
{
    public const byte WifiSettings = 0x01;
    public const byte DeviceInfo = 0x03;
    public const byte Scan = 0x04;

    public static byte Checksum(ReadOnlySpan<byte> bytes)
    {
        int sum = 0;
        foreach (byte b in bytes)
        {
            sum += b;
        }

        return (byte)sum;
    }

    /// <summary>command, data length, data, checksum.</summary>
    public static byte[] Command(byte command, params byte[] data)
    {
        byte[] body = [command, (byte)data.Length, .. data];
        return [.. body, Checksum(body)];
    }

    /// <summary>Send Wi-Fi settings: ssid length, ssid, password length, password.</summary>
    public static byte[] Provision(string ssid, string password)
    {
        byte[] s = Encoding.UTF8.GetBytes(ssid);
        byte[] p = Encoding.UTF8.GetBytes(password);
        return Command(WifiSettings, [(byte)s.Length, .. s, (byte)p.Length, .. p]);
    }

    /// <summary>A result packet's command and strings; throws when its length or checksum is off.</summary>
    public static (byte Command, string[] Strings) ParseResult(byte[] packet)
    {
        if (packet.Length < 3 || packet.Length != packet[1] + 3)
        {
            throw new FormatException($"result of {packet.Length} bytes does not match its length byte: {Convert.ToHexString(packet)}");
        }

        if (Checksum(packet.AsSpan(0, packet.Length - 1)) != packet[^1])
        {
            throw new FormatException("result checksum is wrong: " + Convert.ToHexString(packet));
        }

        var strings = new List<string>();
        int at = 2;
        int end = 2 + packet[1];
        while (at < end)
        {
            int length = packet[at];
            if (at + 1 + length > end)
            {
                throw new FormatException("a result string runs past the data: " + Convert.ToHexString(packet));
            }

            strings.Add(Encoding.UTF8.GetString(packet, at + 1, length));
            at += 1 + length;
        }

        return (packet[0], [.. strings]);
    }
}
