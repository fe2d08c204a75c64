namespace Accessory.Core.Mdns;

/// <summary>
/// One resource record. The class is kept without its top bit, which mDNS reuses as the cache-flush flag
/// (RFC 6762 10.2); <see cref="Ttl"/> and <see cref="CacheFlush"/> are settable because a responder sends the same
/// data with different TTLs (goodbyes, legacy answers).
/// </summary>
public abstract class DnsRecord
{
    protected DnsRecord(DnsName name, int type, uint ttl)
    {
        Name = name;
        Type = type;
        Ttl = ttl;
        Class = DnsRecordType.ClassIn;
    }

    private byte[]? _canonical;

    // Hash of owner name (case folded), type and RDATA, with the top bit set once computed (one field write, so a
    // racing reader sees 0 or the whole value).
    private int _dataHash;

    public DnsName Name { get; }

    public int Type { get; }

    /// <summary>The RR class (15 bits).</summary>
    public int Class { get; set; }

    public bool CacheFlush { get; set; }

    public uint Ttl { get; set; }

    /// <summary>Writes the RDATA (without its length) at the writer's position.</summary>
    public abstract void WriteRdata(DnsWriter writer);

    /// <summary>The RDATA with no name compression: what conflict checks and probe tiebreaks compare.</summary>
    public byte[] CanonicalRdata() => (byte[])Canonical().Clone();

    /// <summary>Same owner name, type, class and RDATA (TTL and cache-flush ignored).</summary>
    public bool SameData(DnsRecord other)
    {
        if (Type != other.Type || Class != other.Class || DataHash() != other.DataHash() || !Name.SameAs(other.Name))
        {
            return false;
        }

        return DnsBytes.CompareRdata(Canonical(), other.Canonical()) == 0;
    }

    /// <summary>Bytes the record takes with no name compression: an upper bound for splitting responses into packets.</summary>
    internal int UncompressedLength => Name.WireLength + 10 + Canonical().Length;

    // Known-answer suppression, the answerer's duplicate check and the packer compare every record of a fleet's
    // browse answer with every other; most pairs differ, and the hash tells so without comparing names and RDATA.
    private int DataHash()
    {
        if (_dataHash == 0)
        {
            uint hash = (uint)MdnsNameIndex.Hash(Name);
            hash = (hash ^ (uint)Type) * 16777619;
            byte[] rdata = Canonical();
            for (int i = 0; i < rdata.Length; i++)
            {
                hash = (hash ^ rdata[i]) * 16777619;
            }

            _dataHash = (int)(hash | 0x80000000);
        }

        return _dataHash;
    }

    // RDATA never changes after construction (only TTL, class and cache-flush do), so its canonical form is built
    // once: known-answer suppression and de-duplication compare every answer with every other, and a fleet of
    // instances makes that thousands of comparisons per browse query.
    private byte[] Canonical()
    {
        if (_canonical == null)
        {
            var writer = new DnsWriter(false, 64);
            WriteRdata(writer);
            _canonical = writer.ToArray();
        }

        return _canonical;
    }
}
