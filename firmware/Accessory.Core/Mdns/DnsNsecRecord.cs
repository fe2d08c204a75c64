using System;

namespace Accessory.Core.Mdns;

/// <summary>
/// An NSEC record in the restricted form mDNS uses to say "these are all the types this name has" (RFC 6762 6.1):
/// next domain name plus the windowed type bitmap of RFC 4034 4.1.2.
/// </summary>
public sealed class DnsNsecRecord : DnsRecord
{
    private readonly int[] _types;

    public DnsNsecRecord(DnsName name, DnsName nextName, int[] types, uint ttl)
        : base(name, DnsRecordType.Nsec, ttl)
    {
        NextName = nextName;
        _types = SortedDistinct(types);
    }

    public DnsName NextName { get; }

    /// <summary>The types present, ascending.</summary>
    public int[] Types => (int[])_types.Clone();

    public bool HasType(int type)
    {
        for (int i = 0; i < _types.Length; i++)
        {
            if (_types[i] == type)
            {
                return true;
            }
        }

        return false;
    }

    public override void WriteRdata(DnsWriter writer)
    {
        writer.WriteNameUncompressed(NextName);
        int i = 0;
        while (i < _types.Length)
        {
            int window = _types[i] >> 8;
            var bitmap = new byte[32];
            int used = 0;
            while (i < _types.Length && (_types[i] >> 8) == window)
            {
                int low = _types[i] & 0xFF;
                bitmap[low >> 3] |= (byte)(0x80 >> (low & 7));
                used = (low >> 3) + 1;
                i++;
            }

            writer.WriteByte(window);
            writer.WriteByte(used);
            writer.WriteBytes(bitmap, 0, used);
        }
    }

    private static int[] SortedDistinct(int[] types)
    {
        var copy = (int[])types.Clone();
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] < 0 || copy[i] > 0xFFFF)
            {
                throw new ArgumentException("an RR type is a 16-bit number");
            }
        }

        for (int i = 1; i < copy.Length; i++)
        {
            int value = copy[i];
            int j = i - 1;
            while (j >= 0 && copy[j] > value)
            {
                copy[j + 1] = copy[j];
                j--;
            }

            copy[j + 1] = value;
        }

        int n = 0;
        for (int i = 0; i < copy.Length; i++)
        {
            if (n == 0 || copy[n - 1] != copy[i])
            {
                copy[n++] = copy[i];
            }
        }

        var result = new int[n];
        Array.Copy(copy, result, n);
        return result;
    }
}
