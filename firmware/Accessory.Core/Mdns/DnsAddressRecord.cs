using System;

namespace Accessory.Core.Mdns;

/// <summary>An A (4-byte) or AAAA (16-byte) record.</summary>
public sealed class DnsAddressRecord : DnsRecord
{
    private readonly byte[] _address;

    public DnsAddressRecord(DnsName name, byte[] address, uint ttl)
        : base(name, address.Length == 16 ? DnsRecordType.Aaaa : DnsRecordType.A, ttl)
    {
        if (address.Length != 4 && address.Length != 16)
        {
            throw new ArgumentException("an address has 4 or 16 bytes");
        }

        _address = (byte[])address.Clone();
    }

    public byte[] Address => (byte[])_address.Clone();

    public override void WriteRdata(DnsWriter writer) => writer.WriteBytes(_address);
}
