namespace Accessory.Core.Mdns;

/// <summary>An SRV record: where an instance is served (RFC 2782).</summary>
public sealed class DnsSrvRecord : DnsRecord
{
    public DnsSrvRecord(DnsName name, int priority, int weight, int port, DnsName target, uint ttl)
        : base(name, DnsRecordType.Srv, ttl)
    {
        Priority = priority;
        Weight = weight;
        Port = port;
        Target = target;
    }

    public int Priority { get; }

    public int Weight { get; }

    public int Port { get; }

    public DnsName Target { get; }

    public override void WriteRdata(DnsWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);

        // RFC 2782 forbids compressing the target; some resolvers reject it.
        writer.WriteNameUncompressed(Target);
    }
}
