using System.Diagnostics;

namespace Accessory.Simulator.Platform;

/// <summary>
/// A delay that never ends early. Task.Delay runs on a coarse timer tick and can finish a millisecond or two short
/// (curl measured 0.5996 s for a 600 ms http.delay); a fault that promises "at least N ms" waits out the remainder
/// against a precise clock.
/// </summary>
public static class PreciseDelay
{
    public static async Task AtLeastAsync(TimeSpan delay, CancellationToken cancellation = default)
    {
        var waited = Stopwatch.StartNew();
        var remaining = delay;
        for (int i = 0; i < 10 && remaining > TimeSpan.Zero; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)), cancellation).ConfigureAwait(false);
            remaining = delay - waited.Elapsed;
        }
    }
}
