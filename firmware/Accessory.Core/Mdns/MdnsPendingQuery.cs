using Accessory.Core.Ports;

namespace Accessory.Core.Mdns;

/// <summary>
/// A query with the TC bit set, held back while the rest of its known-answer list arrives in further packets from
/// the same querier (RFC 6762 7.2).
/// </summary>
internal sealed class MdnsPendingQuery
{
    public MdnsPendingQuery(DnsMessage message, DatagramEndpoint source)
    {
        Message = message;
        Source = source;
    }

    public DnsMessage Message { get; }

    public DatagramEndpoint Source { get; }

    public bool From(DatagramEndpoint source)
    {
        if (source.Port != Source.Port || source.Address.Length != Source.Address.Length)
        {
            return false;
        }

        for (int i = 0; i < source.Address.Length; i++)
        {
            if (source.Address[i] != Source.Address[i])
            {
                return false;
            }
        }

        return true;
    }
}
