using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Tests.LocalApi;
using Accessory.Simulator.Tests.Mqtt;

namespace Accessory.Simulator.Tests.Security;

/// <summary>
/// The device's embedded broker with real mosquitto clients: only the generated username/password (kept in the
/// device's settings, used by the device) gets in, and nobody else can knock the device off with its client id.
/// </summary>
public class BrokerAuthTests
{
    [Fact]
    public async Task Only_the_device_credentials_get_in_and_its_client_id_cannot_be_taken_over()
    {
        int port = FreePort.Next();
        await using var d = await LocalApiDevice.StartAsync(new CloudOptions { Broker = BrokerUri.Embedded(port), TelemetryIntervalMilliseconds = 0 });
        var link = d.Device.Cloud!.Link;
        Assert.True(await LocalApiDevice.EventuallyAsync(() => link.IsConnected), "the device did not get into its own broker");
        var credentials = new BrokerCredentials(d.Id, d.Device.Settings.GetString(BrokerCredentials.PasswordKey)!);
        Assert.Matches("^[0-9a-f]{32}$", credentials.Password);
        long reconnects = link.Reconnects;

        Assert.NotEqual(0, DeviceCloudEndToEndTests.Publish(port, $"accessory/{d.Id}/cmd/power", "{\"on\":true}", null, mustSucceed: false));
        Assert.NotEqual(0, DeviceCloudEndToEndTests.Publish(port, $"accessory/{d.Id}/cmd/power", "{\"on\":true}", credentials with { Password = new string('0', 32) }, mustSucceed: false));
        for (int i = 0; i < 3; i++)
        {
            Assert.NotEqual(0, DeviceCloudEndToEndTests.Publish(port, "x", "y", null, clientId: "accessory-" + d.Id, mustSucceed: false));
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(link.IsConnected);
        Assert.Equal(reconnects, link.Reconnects);
        Assert.False(d.Device.Lamp.On);

        Assert.Equal(0, DeviceCloudEndToEndTests.Publish(port, $"accessory/{d.Id}/cmd/power", "{\"on\":true}", credentials));
        Assert.True(await LocalApiDevice.EventuallyAsync(() => d.Device.Lamp.On), "an authenticated command did not run");
    }
}
