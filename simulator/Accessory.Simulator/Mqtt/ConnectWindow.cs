namespace Accessory.Simulator.Mqtt;

/// <summary>
/// Bounds the MQTT handshakes (TCP connect to CONNACK) that links sharing it have in flight at once. mosquitto
/// listens with a backlog of 100: thousands of simulated devices connecting in the same second (a fleet's start, or
/// all of them retrying after a broker restart) overflow it, the kernel drops the handshakes it cannot queue, and
/// each dropped one is retried by TCP after 1, 3, 7, 15, 31 s, which made the slowest devices of a 10,000-device
/// fleet wait tens of seconds for a broker that was idle by then. Real devices are spread over many machines and
/// never meet in one accept queue; in one process they do, so they queue here, first come first served, instead.
/// </summary>
// Not IDisposable: its SemaphoreSlim never creates a wait handle (only WaitAsync is used), and links still finishing a
// handshake after their fleet is gone release into it; disposing it would turn those releases into exceptions.
#pragma warning disable CA1001
public sealed class ConnectWindow
#pragma warning restore CA1001
{
    /// <summary>
    /// mosquitto's listen backlog (the kernel queues up to backlog + 1), so the window alone cannot overflow it; 64
    /// measured slower at 10,000 devices (the window, not the broker, set the pace).
    /// </summary>
    public const int DefaultSlots = 100;

    private readonly SemaphoreSlim _slots;

    public ConnectWindow(int slots = DefaultSlots, TimeSpan? holdLimit = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Slots = slots;
        HoldLimit = holdLimit ?? TimeSpan.FromSeconds(5);
        _slots = new SemaphoreSlim(slots, slots);
    }

    public int Slots { get; }

    /// <summary>
    /// A handshake still unanswered after this long gives its slot back (and goes on without one), so a broker that
    /// swallows connects cannot stall every other link behind the window.
    /// </summary>
    public TimeSpan HoldLimit { get; }

    /// <summary>Runs <paramref name="connect"/> once a slot is free and holds the slot until it ends or the hold limit passes.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> connect)
    {
        ArgumentNullException.ThrowIfNull(connect);
        await _slots.WaitAsync().ConfigureAwait(false);
        Task<T> handshake;
        try
        {
            handshake = connect();
            if (!handshake.IsCompleted)
            {
                await Task.WhenAny(handshake, Task.Delay(HoldLimit)).ConfigureAwait(false);
            }
        }
        finally
        {
            _slots.Release();
        }

        return await handshake.ConfigureAwait(false);
    }
}
