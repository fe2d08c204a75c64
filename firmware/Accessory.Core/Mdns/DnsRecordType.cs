namespace Accessory.Core.Mdns;

/// <summary>
/// The RR type numbers mDNS/DNS-SD needs. Plain constants, not an enum: any 16-bit type may arrive on the wire and
/// must survive a round trip.
/// </summary>
public static class DnsRecordType
{
    public const int A = 1;
#pragma warning disable CA1720 // PTR is the RFC 1035 mnemonic of the record type, not a pointer.
    public const int Ptr = 12;
#pragma warning restore CA1720
    public const int Txt = 16;
    public const int Aaaa = 28;
    public const int Srv = 33;
    public const int Nsec = 47;
    public const int Any = 255;

    /// <summary>The Internet class; the only one mDNS uses (255 = any class in questions).</summary>
    public const int ClassIn = 1;
    public const int ClassAny = 255;
}
