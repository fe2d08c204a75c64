using System.Net;
using Accessory.Core.Nan;

namespace Accessory.Simulator.Nan;

/// <summary>The subscriber's side of an accepted data path: where to connect.</summary>
public static class NanDataPathEndPoint
{
    /// <summary>
    /// The endpoint of an accept: a link-local address gets the scope of the subscriber's own interface (the one
    /// the path runs over, <see cref="UdpNanRadio.InterfaceIndex"/>), an IPv4-mapped one becomes plain IPv4.
    /// </summary>
    public static IPEndPoint Of(NanDataPathMessage accept, long interfaceIndex)
    {
        ArgumentNullException.ThrowIfNull(accept);
        if (accept.Type != NanDataPathMessageType.Accept || accept.Address == null)
        {
            throw new ArgumentException("only an accept leads somewhere", nameof(accept));
        }

        var address = new IPAddress(accept.Address);
        if (address.IsIPv4MappedToIPv6)
        {
            return new IPEndPoint(address.MapToIPv4(), accept.Port);
        }

        return new IPEndPoint(address.IsIPv6LinkLocal ? new IPAddress(accept.Address, interfaceIndex) : address, accept.Port);
    }

    /// <summary>An https URI for a path on the endpoint, zone included for a link-local address ([fe80::1%2]).</summary>
    public static Uri HttpsUri(IPEndPoint endPoint, string path)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return new UriBuilder("https", endPoint.Address.ToString(), endPoint.Port, path).Uri;
    }
}
