namespace Accessory.Core.Mdns;

/// <summary>A question; <see cref="UnicastResponse"/> is the QU bit mDNS puts in the top bit of the class.</summary>
public sealed class DnsQuestion
{
    public DnsQuestion(DnsName name, int type, bool unicastResponse)
    {
        Name = name;
        Type = type;
        Class = DnsRecordType.ClassIn;
        UnicastResponse = unicastResponse;
    }

    public DnsName Name { get; }

    public int Type { get; }

    /// <summary>The class (15 bits): IN, or 255 for any.</summary>
    public int Class { get; set; }

    public bool UnicastResponse { get; }
}
