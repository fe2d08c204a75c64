using System.Globalization;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Radio;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// A broker outage while the whole simulated device publishes QoS 1 telemetry: the broker process (mosquitto) or
/// the embedded broker is really stopped and started again on its port. The device reaches it through a relay that
/// holds the device off until the cloud's subscriber is back, so what the cloud receives depends only on the
/// device's queue: every sample within the queue bound arrives, and exactly the counted drops are missing.
/// </summary>
public sealed class DeviceCloudOutageTests
{
    private const int BeforeOutage = 5;
    private const int DuringOutage = 20;
    private const int AfterOutage = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("mosquitto", 64)]
    [InlineData("mosquitto", 8)]
    [InlineData("embedded", 64)]
    [InlineData("embedded", 8)]
    public async Task Telemetry_published_through_a_broker_restart_arrives_within_the_queue_bound(string brokerKind, int queueCapacity)
    {
        await using var broker = await RestartableBroker.StartAsync(brokerKind);
        using var relay = new CuttableTcpProxy(broker.Port);
        using var data = DeviceCloudEndToEndTests.ProvisionedDevice(out string id);
        await using var cloud = new TelemetryCollector(broker.Port, $"accessory/{id}/telemetry");
        await cloud.ConnectAsync();
        var options = new DeviceOptions
        {
            DataDirectory = data.Path,
            RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
            Cloud = new CloudOptions
            {
                Broker = BrokerUri.Parse("mqtt://127.0.0.1:" + relay.Port.ToString(CultureInfo.InvariantCulture)),
                QueueCapacity = queueCapacity,
                TelemetryIntervalMilliseconds = 0,
            },
        };
        await using var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());
        await device.StartAsync();
        var link = device.Cloud!.Link;
        Assert.True(await Eventually(() => link.IsConnected), "device never connected to the broker");

        Publish(link, BeforeOutage);
        Assert.True(await cloud.WaitForAsync(Range(1, BeforeOutage), Patience), "samples before the outage missing");
        // Unacknowledged samples stay queued and count against the bound: start the outage from an empty queue.
        Assert.True(await Eventually(() => link.Queued == 0), "acknowledgements before the outage missing");

        relay.Refusing = true;
        await broker.StopAsync();
        Assert.True(await Eventually(() => !link.IsConnected), "device did not notice the broker going away");
        Publish(link, DuringOutage);
        int dropped = Math.Max(0, DuringOutage - queueCapacity);
        Assert.Equal(dropped, link.Dropped);
        Assert.Equal(DuringOutage - dropped, link.Queued);

        await broker.RestartAsync();
        await cloud.ConnectAsync();
        relay.Refusing = false;
        Assert.True(await Eventually(() => link.IsConnected), "device did not reconnect after the broker came back");
        Assert.True(await Eventually(() => link.Queued == 0), "queue not drained after reconnecting: " + link.Queued);
        Publish(link, AfterOutage);

        int last = BeforeOutage + DuringOutage + AfterOutage;
        var expected = Range(1, BeforeOutage).Concat(Range(BeforeOutage + dropped + 1, last - BeforeOutage - dropped)).ToList();
        Assert.True(await cloud.WaitForAsync(expected, Patience), "missing: " + string.Join(',', expected.Except(cloud.Distinct)));
        Assert.Equal(expected, cloud.Distinct);
        Assert.True(await Eventually(() => link.Queued == 0), "queue not drained: " + link.Queued);
        Assert.Equal(dropped, link.Dropped);
    }

    private static void Publish(Accessory.Core.Cloud.CloudLink link, int count)
    {
        for (int i = 0; i < count; i++)
        {
            link.PublishTelemetry();
        }
    }

    private static IEnumerable<long> Range(int first, int count) => Enumerable.Range(first, count).Select(i => (long)i);

    private static Task<bool> Eventually(Func<bool> condition) => Support.Eventually.TrueAsync(condition, Patience);
}
