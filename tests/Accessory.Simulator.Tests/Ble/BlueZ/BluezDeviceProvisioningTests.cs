using System.Net;
using System.Text;
using Accessory.Core.Device;
using Accessory.Core.Settings;
using Accessory.Phone;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;
using Accessory.Simulator.Ble;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>
/// The whole simulated device with `--ble bluez` against a real private dbus-daemon and the test-only org.bluez
/// stand-in: the device registers its real GATT table and advertisement, and a complete sec2 provisioning flow runs
/// through ReadValue/WriteValue as bluetoothd would carry a phone's requests (MTU 23, long writes and reads).
/// </summary>
public sealed class BluezDeviceProvisioningTests
{
    private const string Phone = "/org/bluez/hci0/dev_5C_A1_00_11_22_33";

    [Fact]
    public async Task A_phone_through_bluez_provisions_the_device_with_sec2()
    {
        using var bus = await PrivateDbusDaemon.StartAsync();
        using var adapter = new FakeBluezAdapter();
        await adapter.StartAsync(bus.Address);
        using var data = new TempDirectory("accessory-bluez");
        var options = new DeviceOptions
        {
            DataDirectory = data.Path,
            RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
            SoftAp = new SoftApOptions { Security = 2, Password = "s3cret-pass", BindAddress = IPAddress.Loopback, HttpPort = 0 },
            Ble = new BleOptions { Backend = BleBackendKind.BlueZ, BusAddress = bus.Address },
        };
        await using var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());
        await device.StartAsync();

        var advertisement = adapter.AdvertisementProperties!;
        Assert.Equal(device.Name, advertisement["LocalName"].GetString());
        Assert.Contains("021a9004-0382-4aea-bff4-6b3f1c5adfb4", advertisement["ServiceUUIDs"].GetArray<string>());
        Assert.Equal("peripheral", advertisement["Type"].GetString());

        using var client = await FakeBluezGattClient.ConnectAsync(adapter);
        var transport = await BluezProtocommTransport.CreateAsync(client, adapter, Phone);
        Assert.Contains("prov-session", transport.Endpoints);
        var flow = new ProvisioningClient(transport);

        // The phone's flow is synchronous: run it off the test's synchronization context, as a phone's own thread.
        var status = await Task.Run(() =>
        {
            flow.Establish(new Sec2Client("wifiprov", "s3cret-pass", 1));
            Assert.Equal(Status.Success, flow.SetConfig("HomeNetwork"u8.ToArray(), Encoding.UTF8.GetBytes("correct horse battery")).Status);
            Assert.Equal(Status.Success, flow.ApplyConfig().Status);
            return flow.WaitForOutcome(TimeSpan.FromSeconds(20));
        }).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(WifiStationState.Connected, status.StaState);
        Assert.Equal("HomeNetwork"u8.ToArray(), device.Settings.GetBytes(SettingKeys.WifiSsid));
        Assert.True(await Eventually.TrueAsync(() => device.Lifecycle.State == DeviceState.Online, TimeSpan.FromSeconds(20)), "device not online");
    }
}
