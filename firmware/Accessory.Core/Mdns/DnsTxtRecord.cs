using System;

namespace Accessory.Core.Mdns;

/// <summary>
/// A TXT record: a list of byte strings of up to 255 bytes. No strings are written as one zero-length string,
/// as RFC 6763 6.1 requires of an empty TXT record.
/// </summary>
public sealed class DnsTxtRecord : DnsRecord
{
    private readonly byte[][] _strings;

    public DnsTxtRecord(DnsName name, byte[][] strings, uint ttl)
        : base(name, DnsRecordType.Txt, ttl)
    {
        _strings = new byte[strings.Length][];
        for (int i = 0; i < strings.Length; i++)
        {
            if (strings[i].Length > 255)
            {
                throw new ArgumentException("a TXT string has at most 255 bytes");
            }

            _strings[i] = (byte[])strings[i].Clone();
        }
    }

    public int Count => _strings.Length;

    public byte[] GetString(int index) => (byte[])_strings[index].Clone();

    public override void WriteRdata(DnsWriter writer)
    {
        if (_strings.Length == 0)
        {
            writer.WriteByte(0);
            return;
        }

        for (int i = 0; i < _strings.Length; i++)
        {
            writer.WriteByte(_strings[i].Length);
            writer.WriteBytes(_strings[i]);
        }
    }
}
