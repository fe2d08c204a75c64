using System;

namespace Accessory.Core.Mdns;

/// <summary>
/// The host a responder speaks for: its single-label name (advertised as name.local) and its addresses
/// (4 bytes for A, 16 for AAAA records), plus which multicast families unsolicited packets go out on.
/// </summary>
public sealed class MdnsHostConfig
{
    private readonly byte[][] _addresses;

    public MdnsHostConfig(string hostName, byte[][] addresses)
    {
        if (hostName == null || hostName.Length == 0 || HasDot(hostName))
        {
            throw new ArgumentException("the host name is one non-empty label, without .local");
        }

        if (Text.Utf8.Encode(hostName).Length > DnsName.MaxLabelLength)
        {
            throw new ArgumentException("the host name has at most 63 bytes");
        }

        _addresses = new byte[addresses.Length][];
        bool anyV6 = false;
        bool anyV4 = false;
        for (int i = 0; i < addresses.Length; i++)
        {
            if (addresses[i].Length != 4 && addresses[i].Length != 16)
            {
                throw new ArgumentException("an address has 4 or 16 bytes");
            }

            anyV4 |= addresses[i].Length == 4;
            anyV6 |= addresses[i].Length == 16;
            _addresses[i] = (byte[])addresses[i].Clone();
        }

        HostName = hostName;
        MulticastIPv6 = anyV6;
        MulticastIPv4 = anyV4 || !anyV6;
    }

    public string HostName { get; }

    public int AddressCount => _addresses.Length;

    /// <summary>Send probes, announcements and goodbyes to 224.0.0.251 (default: when an IPv4 address is configured).</summary>
    public bool MulticastIPv4 { get; set; }

    /// <summary>Send them to ff02::fb too (default: when an IPv6 address is configured).</summary>
    public bool MulticastIPv6 { get; set; }

    public byte[] GetAddress(int index) => (byte[])_addresses[index].Clone();

    private static bool HasDot(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '.')
            {
                return true;
            }
        }

        return false;
    }
}
