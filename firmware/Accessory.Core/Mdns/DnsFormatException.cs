using System;

namespace Accessory.Core.Mdns;

/// <summary>Bytes that are not a well-formed DNS message; the message names the offset and the problem.</summary>
public sealed class DnsFormatException : Exception
{
    public DnsFormatException()
    {
    }

    public DnsFormatException(string message)
        : base(message)
    {
    }

    public DnsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
