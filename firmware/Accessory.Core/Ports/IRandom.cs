namespace Accessory.Core.Ports;

/// <summary>Cryptographically strong random bytes (session keys, salts, nonces, device identities).</summary>
public interface IRandom
{
    void NextBytes(byte[] buffer);
}
