namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// The AES-GCM nonces of one security 2 session. Patch version 0 reuses device_nonce for every message; patch
/// version 1 treats its last four bytes as a big-endian counter (starting at 1) that advances after every encrypt
/// and every decrypt, so both directions share one sequence.
/// </summary>
public sealed class Sec2NonceSequence
{
    public const int Length = 12;

    private readonly byte[] _nonce;
    private readonly bool _counting;

    /// <param name="randomBytes">12 random bytes; with patch 1 only the first 8 are used.</param>
    public Sec2NonceSequence(byte[] randomBytes, int patchVersion)
    {
        _nonce = SecurityBytes.Copy(randomBytes);
        _counting = patchVersion >= 1;
        if (_counting)
        {
            _nonce[8] = 0;
            _nonce[9] = 0;
            _nonce[10] = 0;
            _nonce[11] = 1;
        }

        Initial = SecurityBytes.Copy(_nonce);
    }

    /// <summary>device_nonce as sent in S2SessionResp1.</summary>
    public byte[] Initial { get; }

    /// <summary>The nonce for the next message (a copy).</summary>
    public byte[] Current => SecurityBytes.Copy(_nonce);

    public void Advance()
    {
        if (!_counting)
        {
            return;
        }

        for (int i = Length - 1; i >= 8; i--)
        {
            _nonce[i]++;
            if (_nonce[i] != 0)
            {
                return;
            }
        }
    }
}
