using System.Diagnostics;
using Accessory.Core.Cloud;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Radio;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// A board that loses its access point cannot say goodbye: with a real broker (mosquitto) the connection must end
/// without DISCONNECT, so the broker publishes the device's Last Will and availability turns "offline".
/// </summary>
public sealed class ApLostWillTests
{
    [Fact]
    public async Task Losing_the_access_point_makes_mosquitto_publish_the_will_within_one_and_a_half_keep_alives()
    {
        using var broker = new Mosquitto();
        using var data = DeviceCloudEndToEndTests.ProvisionedDevice(out string id);
        var options = new DeviceOptions
        {
            DataDirectory = data.Path,
            RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
            Cloud = new CloudOptions { Broker = broker.Uri, TelemetryIntervalMilliseconds = 0 },
        };
        await using var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());
        await device.StartAsync();
        var link = device.Cloud!.Link;
        Assert.True(await Support.Eventually.TrueAsync(() => link.IsConnected, TimeSpan.FromSeconds(20)), "device never connected to mosquitto");

        int keepAlive = new CloudLinkSettings().KeepAliveSeconds;
        int bound = keepAlive * 3 / 2;
        using var availability = new MosquittoSubscriber(broker.Port, $"accessory/{id}/availability", 2, bound);
        availability.WaitUntilSubscribed(TimeSpan.FromSeconds(20));
        var clock = Stopwatch.StartNew();
        device.Faults.Set(FaultSpec.Parse("wifi.ap-lost:duration=5m"));

        var seen = availability.Collect(bound);

        // The retained "online", then the Will; a clean DISCONNECT would leave "online" standing.
        Assert.True(seen.SequenceEqual(["online", "offline"]), $"availability: [{string.Join(", ", seen)}] after {clock.Elapsed.TotalSeconds:F1} s\n{availability.Transcript}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(bound), $"the Will came after {clock.Elapsed.TotalSeconds:F1} s, over 1.5 x keep-alive ({bound} s)");
    }
}
