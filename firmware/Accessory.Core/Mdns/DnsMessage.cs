using System.Collections;

namespace Accessory.Core.Mdns;

/// <summary>
/// A DNS message: header, then questions, answers, authority and additional records (ArrayLists of
/// <see cref="DnsQuestion"/> and <see cref="DnsRecord"/>). <see cref="Flags"/> keeps every header bit, so reserved
/// bits survive a round trip; the boolean properties are views of it.
/// </summary>
public sealed class DnsMessage
{
    private const int QrBit = 0x8000;
    private const int AaBit = 0x0400;
    private const int TcBit = 0x0200;
    private const int RdBit = 0x0100;

    public int Id { get; set; }

    /// <summary>The 16-bit flags word of the header.</summary>
    public int Flags { get; set; }

    public bool IsResponse
    {
        get => (Flags & QrBit) != 0;
        set => Flags = value ? Flags | QrBit : Flags & ~QrBit;
    }

    public bool IsAuthoritative
    {
        get => (Flags & AaBit) != 0;
        set => Flags = value ? Flags | AaBit : Flags & ~AaBit;
    }

    public bool IsTruncated
    {
        get => (Flags & TcBit) != 0;
        set => Flags = value ? Flags | TcBit : Flags & ~TcBit;
    }

    public bool RecursionDesired
    {
        get => (Flags & RdBit) != 0;
        set => Flags = value ? Flags | RdBit : Flags & ~RdBit;
    }

    /// <summary>The 4-bit opcode; mDNS only uses 0 (standard query) and ignores others.</summary>
    public int Opcode
    {
        get => (Flags >> 11) & 0xF;
        set => Flags = (Flags & ~0x7800) | ((value & 0xF) << 11);
    }

    /// <summary>The 4-bit response code.</summary>
    public int Rcode
    {
        get => Flags & 0xF;
        set => Flags = (Flags & ~0xF) | (value & 0xF);
    }

    public ArrayList Questions { get; } = new ArrayList();

    public ArrayList Answers { get; } = new ArrayList();

    public ArrayList Authorities { get; } = new ArrayList();

    public ArrayList Additionals { get; } = new ArrayList();

    /// <summary>Parses a whole datagram; throws only <see cref="DnsFormatException"/>.</summary>
    public static DnsMessage Decode(byte[] data) => DnsReader.ReadMessage(data);

    /// <summary>The wire form, names compressed.</summary>
    public byte[] Encode() => Encode(false, 0);

    /// <summary>
    /// The wire form for a legacy (one-shot, non-5353) resolver, RFC 6762 6.7: no cache-flush bits and TTLs capped at
    /// <paramref name="ttlCap"/>, applied while writing so shared record objects stay untouched.
    /// </summary>
    internal byte[] EncodeLegacy(uint ttlCap) => Encode(true, ttlCap);

    private byte[] Encode(bool legacy, uint ttlCap)
    {
        var writer = new DnsWriter(true);
        writer.WriteUInt16(Id);
        writer.WriteUInt16(Flags);
        writer.WriteUInt16(Questions.Count);
        writer.WriteUInt16(Answers.Count);
        writer.WriteUInt16(Authorities.Count);
        writer.WriteUInt16(Additionals.Count);
        for (int i = 0; i < Questions.Count; i++)
        {
            var question = (DnsQuestion)Questions[i]!;
            writer.WriteName(question.Name);
            writer.WriteUInt16(question.Type);
            writer.WriteUInt16((question.Class & 0x7FFF) | (question.UnicastResponse ? 0x8000 : 0));
        }

        WriteRecords(writer, Answers, legacy, ttlCap);
        WriteRecords(writer, Authorities, legacy, ttlCap);
        WriteRecords(writer, Additionals, legacy, ttlCap);
        return writer.ToArray();
    }

    private static void WriteRecords(DnsWriter writer, ArrayList records, bool legacy, uint ttlCap)
    {
        for (int i = 0; i < records.Count; i++)
        {
            var record = (DnsRecord)records[i]!;
            writer.WriteName(record.Name);
            writer.WriteUInt16(record.Type);
            writer.WriteUInt16((record.Class & 0x7FFF) | (record.CacheFlush && !legacy ? 0x8000 : 0));
            writer.WriteUInt32(legacy && record.Ttl > ttlCap ? ttlCap : record.Ttl);
            int lengthAt = writer.Length;
            writer.WriteUInt16(0);
            record.WriteRdata(writer);
            writer.PatchUInt16(lengthAt, writer.Length - lengthAt - 2);
        }
    }
}
