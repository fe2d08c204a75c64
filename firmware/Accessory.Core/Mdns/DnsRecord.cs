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
        if (Type != other.Type || Class != other.Class || !Name.SameAs(other.Name))
        {
            return false;
        }

        return DnsBytes.CompareRdata(Canonical(), other.Canonical()) == 0;
    }

    /// <summary>Bytes the record takes with no name compression: an upper bound for splitting responses into packets.</summary>
    internal int UncompressedLength => Name.WireLength + 10 + Canonical().Length;

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
