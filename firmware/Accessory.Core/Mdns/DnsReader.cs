using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>
/// Parses wire bytes. Total: every malformed input ends in a <see cref="DnsFormatException"/> naming the offset.
/// Compression pointers must point strictly backwards from the label that holds them, which rules out loops
/// and self-references; the jump count is bounded as a second guard.
/// </summary>
public static class DnsReader
{
    private const int HeaderLength = 12;
    private const int MaxJumps = 126;

    public static DnsMessage ReadMessage(byte[] data)
    {
        if (data == null)
        {
            throw new DnsFormatException("no data");
        }

        if (data.Length < HeaderLength)
        {
            throw new DnsFormatException("offset 0: " + data.Length + " bytes is shorter than a DNS header");
        }

        var message = new DnsMessage();
        message.Id = ReadUInt16(data, 0, data.Length);
        message.Flags = ReadUInt16(data, 2, data.Length);
        int questions = ReadUInt16(data, 4, data.Length);
        int answers = ReadUInt16(data, 6, data.Length);
        int authorities = ReadUInt16(data, 8, data.Length);
        int additionals = ReadUInt16(data, 10, data.Length);

        int offset = HeaderLength;
        for (int i = 0; i < questions; i++)
        {
            offset = ReadQuestion(data, offset, message.Questions);
        }

        offset = ReadRecords(data, offset, answers, message.Answers);
        offset = ReadRecords(data, offset, authorities, message.Authorities);
        ReadRecords(data, offset, additionals, message.Additionals);
        return message;
    }

    private static int ReadQuestion(byte[] data, int offset, ArrayList into)
    {
        DnsName name = ReadName(data, offset, data.Length, out offset);
        int type = ReadUInt16(data, offset, data.Length);
        int rawClass = ReadUInt16(data, offset + 2, data.Length);
        var question = new DnsQuestion(name, type, (rawClass & 0x8000) != 0);
        question.Class = rawClass & 0x7FFF;
        into.Add(question);
        return offset + 4;
    }

    private static int ReadRecords(byte[] data, int offset, int count, ArrayList into)
    {
        for (int i = 0; i < count; i++)
        {
            int start = offset;
            DnsName name = ReadName(data, offset, data.Length, out offset);
            int type = ReadUInt16(data, offset, data.Length);
            int rawClass = ReadUInt16(data, offset + 2, data.Length);
            uint ttl = ((uint)ReadUInt16(data, offset + 4, data.Length) << 16) | (uint)ReadUInt16(data, offset + 6, data.Length);
            int rdLength = ReadUInt16(data, offset + 8, data.Length);
            int rdStart = offset + 10;
            int rdEnd = rdStart + rdLength;
            if (rdEnd > data.Length)
            {
                throw new DnsFormatException("offset " + rdStart + ": RDATA of " + rdLength + " bytes runs past the end (record at " + start + ")");
            }

            DnsRecord record = ReadRdata(data, name, type, ttl, rdStart, rdEnd);
            record.Class = rawClass & 0x7FFF;
            record.CacheFlush = (rawClass & 0x8000) != 0;
            into.Add(record);
            offset = rdEnd;
        }

        return offset;
    }

    private static DnsRecord ReadRdata(byte[] data, DnsName name, int type, uint ttl, int start, int end)
    {
        int offset;
        switch (type)
        {
            case DnsRecordType.A:
            case DnsRecordType.Aaaa:
                int expected = type == DnsRecordType.A ? 4 : 16;
                if (end - start != expected)
                {
                    throw new DnsFormatException("offset " + start + ": address RDATA has " + (end - start) + " bytes, expected " + expected);
                }

                return new DnsAddressRecord(name, Slice(data, start, end), ttl);

            case DnsRecordType.Ptr:
                DnsName target = ReadName(data, start, end, out offset);
                ExpectEnd(offset, end, "PTR");
                return new DnsPtrRecord(name, target, ttl);

            case DnsRecordType.Srv:
                int priority = ReadUInt16(data, start, end);
                int weight = ReadUInt16(data, start + 2, end);
                int port = ReadUInt16(data, start + 4, end);
                DnsName srvTarget = ReadName(data, start + 6, end, out offset);
                ExpectEnd(offset, end, "SRV");
                return new DnsSrvRecord(name, priority, weight, port, srvTarget, ttl);

            case DnsRecordType.Txt:
                return new DnsTxtRecord(name, ReadTxtStrings(data, start, end), ttl);

            case DnsRecordType.Nsec:
                DnsName next = ReadName(data, start, end, out offset);
                return new DnsNsecRecord(name, next, ReadTypeBitmap(data, offset, end), ttl);

            default:
                return new DnsRawRecord(name, type, Slice(data, start, end), ttl);
        }
    }

    private static byte[][] ReadTxtStrings(byte[] data, int start, int end)
    {
        int count = 0;
        int offset = start;
        while (offset < end)
        {
            int length = data[offset];
            if (offset + 1 + length > end)
            {
                throw new DnsFormatException("offset " + offset + ": TXT string of " + length + " bytes runs past its RDATA");
            }

            offset += 1 + length;
            count++;
        }

        var strings = new byte[count][];
        offset = start;
        for (int i = 0; i < count; i++)
        {
            int length = data[offset];
            strings[i] = Slice(data, offset + 1, offset + 1 + length);
            offset += 1 + length;
        }

        return strings;
    }

    private static int[] ReadTypeBitmap(byte[] data, int offset, int end)
    {
        var types = new ArrayList();
        int lastWindow = -1;
        while (offset < end)
        {
            if (offset + 2 > end)
            {
                throw new DnsFormatException("offset " + offset + ": NSEC bitmap window header is cut short");
            }

            int window = data[offset];
            int length = data[offset + 1];
            if (window <= lastWindow)
            {
                throw new DnsFormatException("offset " + offset + ": NSEC bitmap windows out of order");
            }

            if (length < 1 || length > 32 || offset + 2 + length > end)
            {
                throw new DnsFormatException("offset " + offset + ": NSEC bitmap length " + length + " is invalid");
            }

            for (int i = 0; i < length; i++)
            {
                int bits = data[offset + 2 + i];
                for (int bit = 0; bit < 8; bit++)
                {
                    if ((bits & (0x80 >> bit)) != 0)
                    {
                        types.Add((window << 8) | (i << 3) | bit);
                    }
                }
            }

            lastWindow = window;
            offset += 2 + length;
        }

        var result = new int[types.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (int)types[i]!;
        }

        return result;
    }

    /// <summary>Reads a possibly compressed name at <paramref name="offset"/>; labels must lie before <paramref name="end"/>.</summary>
    private static DnsName ReadName(byte[] data, int offset, int end, out int next)
    {
        var labels = new ArrayList();
        int wireLength = 1;
        int position = offset;
        int jumps = 0;
        next = -1;
        while (true)
        {
            // Before the first jump the name must stay inside its record's bounds; targets of pointers may lie anywhere earlier.
            int limit = next < 0 ? end : data.Length;
            if (position >= limit)
            {
                throw new DnsFormatException("offset " + position + ": name runs past the end");
            }

            int length = data[position];
            int kind = length & 0xC0;
            if (kind == 0xC0)
            {
                if (position + 1 >= limit)
                {
                    throw new DnsFormatException("offset " + position + ": compression pointer is cut short");
                }

                int target = ((length & 0x3F) << 8) | data[position + 1];
                if (target >= position)
                {
                    throw new DnsFormatException("offset " + position + ": compression pointer to " + target + " does not point backwards");
                }

                if (++jumps > MaxJumps)
                {
                    throw new DnsFormatException("offset " + position + ": too many compression pointers");
                }

                if (next < 0)
                {
                    next = position + 2;
                }

                position = target;
                continue;
            }

            if (kind != 0)
            {
                throw new DnsFormatException("offset " + position + ": unsupported label type 0x" + kind.ToString("X2"));
            }

            if (length == 0)
            {
                if (next < 0)
                {
                    next = position + 1;
                }

                break;
            }

            if (position + 1 + length > limit)
            {
                throw new DnsFormatException("offset " + position + ": label of " + length + " bytes runs past the end");
            }

            wireLength += length + 1;
            if (wireLength > DnsName.MaxWireLength)
            {
                throw new DnsFormatException("offset " + offset + ": name longer than 255 bytes");
            }

            labels.Add(Slice(data, position + 1, position + 1 + length));
            position += 1 + length;
        }

        var array = new byte[labels.Count][];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = (byte[])labels[i]!;
        }

        return new DnsName(array);
    }

    private static void ExpectEnd(int offset, int end, string what)
    {
        if (offset != end)
        {
            throw new DnsFormatException("offset " + offset + ": " + what + " RDATA length does not match its content (ends at " + end + ")");
        }
    }

    private static int ReadUInt16(byte[] data, int offset, int end)
    {
        if (offset + 2 > end)
        {
            throw new DnsFormatException("offset " + offset + ": data ends inside a 16-bit field");
        }

        return (data[offset] << 8) | data[offset + 1];
    }

    private static byte[] Slice(byte[] data, int start, int end)
    {
        var result = new byte[end - start];
        System.Array.Copy(data, start, result, 0, result.Length);
        return result;
    }
}
