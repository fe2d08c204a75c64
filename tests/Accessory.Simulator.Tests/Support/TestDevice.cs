using Accessory.Core.Device;
using Accessory.Simulator.Platform;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.Support;

/// <summary>
/// A whole <see cref="SimulatedDevice"/> started in process on a data folder it owns. The fixtures built on it
/// differ in their options and in what they expose, not in how the device is started, awaited and torn down.
/// </summary>
internal sealed class TestDevice : IAsyncDisposable
{
    // Far above a healthy start (well under a second) so that a loaded two-core CI box does not fail the fixture.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _data;

    private TestDevice(SimulatedDevice device, TempDirectory data)
    {
        Device = device;
        _data = data;
    }

    public SimulatedDevice Device { get; }

    /// <summary>
    /// Starts a device on <paramref name="data"/>, which is owned from here on: a start that fails, or never reaches
    /// <paramref name="until"/>, stops the device and removes the folder before the exception leaves.
    /// </summary>
    /// <param name="options">Gets the folder's path, so the device cannot run on a folder this does not remove.</param>
    /// <param name="until">A lifecycle state to wait for before returning; none when null.</param>
    /// <param name="started">
    /// Runs between the start and the wait: parts such as the NAN publisher exist only once the device has started,
    /// and their events must be watched before the state the test waits for can raise them.
    /// </param>
    public static async Task<TestDevice> StartAsync(
        TempDirectory data,
        Func<string, DeviceOptions> options,
        DeviceState? until = null,
        Action<SimulatedDevice>? started = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        SimulatedDevice? device = null;
        try
        {
            device = new SimulatedDevice(options(data.Path), NullLoggerFactory.Instance, new CryptoRandom());
            await device.StartAsync();
            started?.Invoke(device);
            if (until is { } expected)
            {
                await ReachAsync(device, expected);
            }

            return new TestDevice(device, data);
        }
        catch
        {
            if (device is not null)
            {
                await device.DisposeAsync();
            }

            data.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Device.DisposeAsync();
        _data.Dispose();
    }

    private static async Task ReachAsync(SimulatedDevice device, DeviceState expected)
    {
        bool reached = await Eventually.TrueAsync(() => device.Lifecycle.State == expected, Patience);
        Assert.True(
            reached,
            $"device never reached {DeviceLifecycle.StateName(expected)} within {Patience.TotalSeconds} s; "
            + $"it is {DeviceLifecycle.StateName(device.Lifecycle.State)}");
    }
}
