using Accessory.Core.Cloud;

namespace Accessory.Core.Tests.Cloud;

public class ReconnectPolicyTests
{
    [Fact]
    public void Delays_double_from_the_base_up_to_the_cap_with_jitter_in_the_upper_half()
    {
        var policy = new ReconnectPolicy(new SeededRandom(7), 1000, 30000);
        int[] ceilings = { 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000 };
        foreach (var ceiling in ceilings)
        {
            Assert.Equal(ceiling, policy.CeilingMilliseconds);
            int delay = policy.NextDelayMilliseconds();
            Assert.InRange(delay, ceiling / 2, ceiling);
        }

        Assert.Equal(10, policy.Attempts);
    }

    [Fact]
    public void Reset_starts_again_from_the_base()
    {
        var policy = new ReconnectPolicy(new SeededRandom(1), 500, 4000);
        for (int i = 0; i < 6; i++)
        {
            policy.NextDelayMilliseconds();
        }

        Assert.Equal(4000, policy.CeilingMilliseconds);
        policy.Reset();
        Assert.Equal(0, policy.Attempts);
        Assert.InRange(policy.NextDelayMilliseconds(), 250, 500);
    }

    [Fact]
    public void Jitter_spreads_devices_apart()
    {
        var seen = new HashSet<int>();
        for (int seed = 0; seed < 50; seed++)
        {
            var policy = new ReconnectPolicy(new SeededRandom(seed), 10000, 60000);
            seen.Add(policy.NextDelayMilliseconds());
        }

        Assert.True(seen.Count > 40, "only " + seen.Count + " distinct first delays");
    }

    [Fact]
    public void Many_attempts_never_overflow_past_the_cap()
    {
        var policy = new ReconnectPolicy(new SeededRandom(3), 1, int.MaxValue);
        for (int i = 0; i < 100; i++)
        {
            Assert.InRange(policy.NextDelayMilliseconds(), 0, int.MaxValue);
        }

        Assert.Equal(int.MaxValue, policy.CeilingMilliseconds);
    }

    [Fact]
    public void Bad_bounds_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new ReconnectPolicy(new SeededRandom(1), 0, 10));
        Assert.Throws<ArgumentException>(() => new ReconnectPolicy(new SeededRandom(1), 10, 5));
    }
}
