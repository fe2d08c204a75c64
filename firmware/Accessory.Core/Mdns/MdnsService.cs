using System;
using Accessory.Core.Text;

namespace Accessory.Core.Mdns;

/// <summary>
/// One DNS-SD service instance to advertise (RFC 6763): instance name (any UTF-8 up to 63 bytes), service type
/// such as _accessory._tcp, optional subtypes, port and TXT strings (key=value byte strings).
/// </summary>
public sealed class MdnsService
{
    private readonly string[] _subtypes;
    private byte[][] _txt;

    public MdnsService(string instanceName, string serviceType, int port, byte[][] txt, string[] subtypes)
    {
        if (instanceName == null || instanceName.Length == 0 || Utf8.Encode(instanceName).Length > DnsName.MaxLabelLength)
        {
            throw new ArgumentException("an instance name has 1 to 63 UTF-8 bytes");
        }

        if (serviceType == null || serviceType.Length < 2 || serviceType[0] != '_')
        {
            throw new ArgumentException("a service type looks like _name._tcp");
        }

        if (port < 0 || port > 0xFFFF)
        {
            throw new ArgumentException("a port is a 16-bit number");
        }

        InstanceName = instanceName;
        ServiceType = serviceType;
        Port = port;
        _subtypes = (string[])subtypes.Clone();
        _txt = CopyTxt(txt);
    }

    public MdnsService(string instanceName, string serviceType, int port, byte[][] txt)
        : this(instanceName, serviceType, port, txt, new string[0])
    {
    }

    /// <summary>The name asked for; the advertised one may differ after a conflict (see <see cref="MdnsResponder"/>).</summary>
    public string InstanceName { get; }

    public string ServiceType { get; }

    public int Port { get; }

    public string[] Subtypes => (string[])_subtypes.Clone();

    public byte[][] Txt => CopyTxt(_txt);

    /// <summary>TXT strings "key=value" (or just "key" when the value is null), in order.</summary>
    public static byte[][] TxtFromPairs(string[] keys, string?[] values)
    {
        if (keys.Length != values.Length)
        {
            throw new ArgumentException("one value per key");
        }

        var result = new byte[keys.Length][];
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i].Length == 0 || HasEquals(keys[i]))
            {
                throw new ArgumentException("a TXT key is non-empty and has no '='");
            }

            string? value = values[i];
            result[i] = Utf8.Encode(value == null ? keys[i] : keys[i] + "=" + value);
            if (result[i].Length > 255)
            {
                throw new ArgumentException("a TXT string has at most 255 bytes");
            }
        }

        return result;
    }

    private static bool HasEquals(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '=')
            {
                return true;
            }
        }

        return false;
    }

    internal void ReplaceTxt(byte[][] txt) => _txt = CopyTxt(txt);

    private static byte[][] CopyTxt(byte[][] txt)
    {
        var copy = new byte[txt.Length][];
        for (int i = 0; i < txt.Length; i++)
        {
            copy[i] = (byte[])txt[i].Clone();
        }

        return copy;
    }
}
