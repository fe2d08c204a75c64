using System;
using Accessory.Core.Ports;
using Accessory.Core.Text;

namespace Accessory.Core.Nan;

/// <summary>
/// The 6-byte service id every SDF carries instead of the name: the first 48 bits of SHA-256 over the lower-cased
/// service name in UTF-8. Lower-casing is ASCII only, so "_Accessory._TCP" and "_accessory._tcp" share an id.
/// </summary>
public sealed class NanServiceId
{
    public const int Length = 6;

    private readonly byte[] _bytes;

    private NanServiceId(byte[] bytes)
    {
        _bytes = bytes;
    }

    public static NanServiceId Compute(NanServiceName name, ICryptoProvider crypto)
    {
        if (name == null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        return Compute(name.FullName, crypto);
    }

    public static NanServiceId Compute(string serviceName, ICryptoProvider crypto)
    {
        if (serviceName == null)
        {
            throw new ArgumentNullException(nameof(serviceName));
        }

        if (crypto == null)
        {
            throw new ArgumentNullException(nameof(crypto));
        }

        byte[] digest = crypto.Sha256(Utf8.Encode(Ascii.ToLower(serviceName)));
        var id = new byte[Length];
        Array.Copy(digest, 0, id, 0, Length);
        return new NanServiceId(id);
    }

    /// <summary>Six bytes as read from a frame.</summary>
    public static NanServiceId FromBytes(byte[] bytes, int offset)
    {
        if (bytes == null)
        {
            throw new ArgumentNullException(nameof(bytes));
        }

        var id = new byte[Length];
        Array.Copy(bytes, offset, id, 0, Length);
        return new NanServiceId(id);
    }

    public byte[] ToArray()
    {
        var copy = new byte[Length];
        Array.Copy(_bytes, 0, copy, 0, Length);
        return copy;
    }

    public bool Matches(NanServiceId? other)
    {
        if (other == null)
        {
            return false;
        }

        for (int i = 0; i < Length; i++)
        {
            if (_bytes[i] != other._bytes[i])
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Hex.EncodeLower(_bytes);
}
