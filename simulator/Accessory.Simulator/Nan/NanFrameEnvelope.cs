using Accessory.Core.Nan;

namespace Accessory.Simulator.Nan;

/// <summary>A NAN frame as carried in one datagram: [destination 6][source 6][SDF payload].</summary>
internal static class NanFrameEnvelope
{
    public static byte[] Wrap(byte[] destination, byte[] source, byte[] payload)
    {
        var datagram = new byte[UdpNanMedium.HeaderLength + payload.Length];
        destination.CopyTo(datagram, 0);
        source.CopyTo(datagram, NanAddress.Length);
        payload.CopyTo(datagram, UdpNanMedium.HeaderLength);
        return datagram;
    }

    /// <summary>False when the datagram cannot be a frame (too short to hold both addresses).</summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> datagram, out byte[] destination, out byte[] source, out byte[] payload)
    {
        if (datagram.Length < UdpNanMedium.HeaderLength)
        {
            destination = source = payload = [];
            return false;
        }

        destination = datagram[..NanAddress.Length].ToArray();
        source = datagram[NanAddress.Length..UdpNanMedium.HeaderLength].ToArray();
        payload = datagram[UdpNanMedium.HeaderLength..].ToArray();
        return true;
    }
}
