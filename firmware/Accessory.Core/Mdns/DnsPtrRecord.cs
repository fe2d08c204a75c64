namespace Accessory.Core.Mdns;

/// <summary>A PTR record: in DNS-SD, service type to instance, or the service enumeration entry.</summary>
public sealed class DnsPtrRecord : DnsRecord
{
    public DnsPtrRecord(DnsName name, DnsName target, uint ttl)
        : base(name, DnsRecordType.Ptr, ttl)
    {
        Target = target;
    }

    public DnsName Target { get; }

    public override void WriteRdata(DnsWriter writer) => writer.WriteName(Target);
}
