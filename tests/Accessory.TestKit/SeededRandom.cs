using Accessory.Core.Ports;

namespace Accessory.TestKit;

/// <summary>Reproducible "random" bytes from a seed (delays and names a test can replay), never for secrets.</summary>
public sealed class SeededRandom : IRandom
{
    private readonly Random _random;

    public SeededRandom(int seed)
    {
        _random = new Random(seed);
    }

    public void NextBytes(byte[] buffer)
    {
        lock (_random)
        {
            _random.NextBytes(buffer);
        }
    }
}
