using Accessory.Simulator.Platform;

namespace Accessory.Simulator.Tests.Platform;

/// <summary>
/// A stopped device clock runs none of its pending callbacks: a Wi-Fi join still in flight on the virtual radio when
/// the device is disposed must not bring the device online afterwards on a timer thread.
/// </summary>
public sealed class SystemClockTests
{
    [Fact]
    public void A_callback_pending_when_the_clock_stops_never_runs()
    {
        var clock = new SystemClock();
        using var ran = new ManualResetEventSlim();
        using var later = new ManualResetEventSlim();
        clock.Schedule(50, () => ran.Set());
        clock.Stop();

        // An independent timer well past the callback's due time says when to look.
        using var witness = new Timer(_ => later.Set(), null, 400, Timeout.Infinite);
        Assert.True(later.Wait(TimeSpan.FromSeconds(10)));
        Assert.False(ran.IsSet, "a callback ran after the clock stopped");
    }

    [Fact]
    public void A_running_clock_runs_its_callbacks()
    {
        var clock = new SystemClock();
        using var ran = new ManualResetEventSlim();
        clock.Schedule(10, () => ran.Set());

        Assert.True(ran.Wait(TimeSpan.FromSeconds(10)));
    }
}
