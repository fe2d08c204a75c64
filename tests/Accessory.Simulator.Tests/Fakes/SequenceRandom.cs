using Accessory.Core.Ports;

namespace Accessory.Simulator.Tests.Fakes;

/// <summary>Predictable "random" bytes: 1, 2, 3... so session ids and delays are known in advance.</summary>
public sealed class SequenceRandom : IRandom
{
    private byte _next;

    public SequenceRandom(byte start = 1)
    {
        _next = start;
    }

    public void NextBytes(byte[] buffer)
    {
        lock (this)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = _next++;
            }
        }
    }
}
