using Accessory.Core.Device;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Tests.Faults;
using Accessory.Simulator.Tests.Mqtt;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>Faults that hit the whole device: its access point vanishing, its MQTT broker going down.</summary>
public sealed class DeviceFaultTests
{
    [Fact]
    public async Task Wifi_ap_lost_takes_the_device_offline_and_it_rejoins_and_serves_again_after_the_window()
    {
        await using var d = await LocalApiDevice.StartAsync();
        Assert.Equal(200, Curl.Run(d.HttpBase + "/api/v1/info").Status);
        var states = new System.Collections.Concurrent.ConcurrentQueue<DeviceState>();
        d.Device.Lifecycle.StateChanged += (_, to, _) => states.Enqueue(to);

        d.Faults.Set(FaultSpec.Parse("wifi.ap-lost:duration=4s"));

        Assert.True(await LocalApiDevice.EventuallyAsync(() => d.Device.Lifecycle.State != DeviceState.Online), "device stayed online");
        var refused = await CurlProcess.RunAsync("--max-time", "2", d.HttpBase + "/api/v1/info");
        Assert.Equal(7, refused.ExitCode);

        Assert.True(await LocalApiDevice.EventuallyAsync(() => d.Device.Lifecycle.State == DeviceState.Online), "device never rejoined");
        Assert.Equal(200, Curl.Run(d.HttpBase + "/api/v1/info").Status);
        Assert.Contains(DeviceState.Connecting, states);
        Assert.True(await LocalApiDevice.EventuallyAsync(() => !d.Faults.IsActive(FaultNames.WifiApLost)), "fault still listed after its window");
    }

    [Theory]
    [InlineData("embedded")]
    [InlineData("mosquitto")]
    public async Task Mqtt_broker_outage_disconnects_the_cloud_link_and_it_reconnects_afterwards(string brokerKind)
    {
        using var mosquitto = brokerKind == "mosquitto" ? new Mosquitto() : null;
        var broker = mosquitto?.Uri ?? BrokerUri.Embedded(FreePort.Next());
        await using var d = await LocalApiDevice.StartAsync(new CloudOptions { Broker = broker, TelemetryIntervalMilliseconds = 0 });
        var link = d.Device.Cloud!.Link;
        Assert.True(await LocalApiDevice.EventuallyAsync(() => link.IsConnected), "cloud link never connected");
        long reconnectsBefore = link.Reconnects;

        d.Faults.Set(FaultSpec.Parse("mqtt.broker-outage:duration=3s"));

        Assert.True(await LocalApiDevice.EventuallyAsync(() => !link.IsConnected), "link stayed connected through the outage");
        Assert.True(await LocalApiDevice.EventuallyAsync(() => link.IsConnected), "link never came back");
        Assert.True(link.Reconnects > reconnectsBefore);
        Assert.True(await LocalApiDevice.EventuallyAsync(() => !d.Faults.IsActive(FaultNames.MqttBrokerOutage)), "fault still listed after its window");
    }
}
