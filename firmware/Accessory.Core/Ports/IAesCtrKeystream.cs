namespace Accessory.Core.Ports;

/// <summary>
/// One AES-CTR keystream whose position survives across calls: security 1 consumes a single stream for the whole
/// session, both directions interleaved, so restarting it per message would break the wire format.
/// </summary>
public interface IAesCtrKeystream
{
    /// <summary>XORs <paramref name="data"/> with the next keystream bytes (encrypts and decrypts alike).</summary>
    byte[] Transform(byte[] data);
}
