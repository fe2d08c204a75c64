using System;
using Accessory.Core.Ports;

namespace Accessory.Core.Cloud;

/// <summary>
/// Capped exponential backoff with jitter: attempt n waits a random time in [d/2, d] where d = min(cap, base * 2^n).
/// The random half spreads a fleet that lost the same broker so it does not return all at once.
/// </summary>
public sealed class ReconnectPolicy
{
    private readonly IRandom _random;
    private readonly byte[] _scratch = new byte[4];

    public ReconnectPolicy(IRandom random, int baseMilliseconds, int capMilliseconds)
    {
        if (random == null)
        {
            throw new ArgumentNullException(nameof(random));
        }

        if (baseMilliseconds < 1 || capMilliseconds < baseMilliseconds)
        {
            throw new ArgumentException("need 1 <= base <= cap");
        }

        _random = random;
        BaseMilliseconds = baseMilliseconds;
        CapMilliseconds = capMilliseconds;
    }

    public int BaseMilliseconds { get; }

    public int CapMilliseconds { get; }

    /// <summary>Delays handed out since the last <see cref="Reset"/>.</summary>
    public int Attempts { get; private set; }

    /// <summary>The upper bound of the delay for the next attempt, before jitter.</summary>
    public int CeilingMilliseconds
    {
        get
        {
            long d = BaseMilliseconds;
            for (int i = 0; i < Attempts && d < CapMilliseconds; i++)
            {
                d *= 2;
            }

            return d > CapMilliseconds ? CapMilliseconds : (int)d;
        }
    }

    public int NextDelayMilliseconds()
    {
        int ceiling = CeilingMilliseconds;
        int half = ceiling / 2;
        _random.NextBytes(_scratch);
        uint r = BitConverter.ToUInt32(_scratch, 0);
        int span = ceiling - half + 1;
        Attempts++;
        return half + (int)(r % (uint)span);
    }

    /// <summary>Called after a good connection so the next outage starts from the base delay again.</summary>
    public void Reset() => Attempts = 0;
}
