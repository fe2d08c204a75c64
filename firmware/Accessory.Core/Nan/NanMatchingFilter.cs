namespace Accessory.Core.Nan;

/// <summary>
/// The model's matching rule: an absent or empty filter on either side matches anything (as a subscriber with no
/// filter wants every publisher); otherwise the filters must be byte-for-byte equal. The specification's
/// length-value sequences with wildcard entries are not modelled.
/// </summary>
public static class NanMatchingFilter
{
    public static bool Compatible(byte[]? own, byte[]? peer)
    {
        if (own == null || own.Length == 0 || peer == null || peer.Length == 0)
        {
            return true;
        }

        if (own.Length != peer.Length)
        {
            return false;
        }

        for (int i = 0; i < own.Length; i++)
        {
            if (own[i] != peer[i])
            {
                return false;
            }
        }

        return true;
    }
}
