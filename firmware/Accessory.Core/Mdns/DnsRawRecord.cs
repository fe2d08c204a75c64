namespace Accessory.Core.Mdns;

/// <summary>A record of a type this codec does not interpret (OPT, HINFO, ...): the RDATA is kept verbatim.</summary>
public sealed class DnsRawRecord : DnsRecord
{
    private readonly byte[] _rdata;

    public DnsRawRecord(DnsName name, int type, byte[] rdata, uint ttl)
        : base(name, type, ttl)
    {
        _rdata = (byte[])rdata.Clone();
    }

    public byte[] Rdata => (byte[])_rdata.Clone();

    public override void WriteRdata(DnsWriter writer) => writer.WriteBytes(_rdata);
}
