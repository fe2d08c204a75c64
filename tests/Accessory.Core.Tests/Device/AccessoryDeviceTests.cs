using Accessory.Core.Device;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Endpoints;
using Accessory.Core.Settings;
using Accessory.Core.Tests.Fakes;
using Accessory.TestKit;

namespace Accessory.Core.Tests.Device;

/// <summary>
/// The device object both bodies construct, built here from fakes: a fresh store, a fake radio with one network,
/// a manual clock and a seeded random. It is driven through its own provisioning service and factory reset.
/// </summary>
public sealed class AccessoryDeviceTests : IDisposable
{
    private static readonly FakeNetwork Home = FakeNetwork.Create("HomeNet", "correct horse battery", rssi: -42, channel: 11);
    private readonly ManualClock _clock = new();
    private readonly FakeWifiRadio _radio;
    private readonly MemorySettingsStore _store = new();
    private readonly RecordingLog _log = new();

    public AccessoryDeviceTests()
    {
        _radio = new FakeWifiRadio(_clock, Home);
    }

    public void Dispose() => _radio.ScanStarted.Dispose();

    [Fact]
    public void A_fresh_device_stores_its_identity_and_token_once_and_a_reboot_reads_the_same()
    {
        var device = Build(seed: 1);

        Assert.Equal(DeviceState.Unprovisioned, device.Lifecycle.State);
        Assert.False(device.HasStoredCredentials);
        Assert.Equal(device.Identity.DefaultName, device.Name);
        Assert.Equal(device.Identity.DeviceId, device.DeviceInformation.SerialNumber);
        Assert.Equal(1, _store.WriteCount);

        var rebooted = Build(seed: 2);
        Assert.Equal(device.Identity.DeviceId, rebooted.Identity.DeviceId);
        Assert.Equal(device.ApiToken.Value, rebooted.ApiToken.Value);
        Assert.Equal(1, _store.WriteCount);
    }

    [Fact]
    public void A_factory_mac_becomes_the_identity()
    {
        var mac = new byte[] { 0x24, 0x0A, 0xC4, 0x12, 0x34, 0x56 };
        var device = new AccessoryDevice(new AccessoryDeviceOptions { FactoryMac = mac, Model = "esp32-lamp" }, _store, _radio, _clock, new SeededRandom(3), _log);

        Assert.Equal("240AC4123456", device.Identity.DeviceId);
        Assert.Equal("PROV_123456", device.Name);
        Assert.Equal("esp32-lamp", device.DeviceInformation.Model);
    }

    [Fact]
    public void Provisioning_through_its_service_gets_online_adopts_the_station_and_hands_out_the_token()
    {
        var device = Build(seed: 4);
        var options = new ProvisioningOptions();
        var manager = device.CreateProvisioningManager(options);
        var service = device.CreateProvisioningService(new PassThroughSecurity(), manager, securityPatchVersion: 0, popUsed: true);
        Assert.Same(service, device.Provisioning);

        service.Start();
        Assert.Equal(DeviceState.Provisioning, device.Lifecycle.State);

        service.Router.OpenSession(9);
        var token = service.Router.Handle(9, AccessTokenEndpoint.Name, new byte[] { 0 });
        Assert.Equal(ProtocommOutcome.Ok, token.Outcome);
        Assert.Equal(device.ApiToken.Value, System.Text.Encoding.UTF8.GetString(token.Body));

        Assert.Equal(Accessory.Core.Provisioning.Messages.StatusCode.Success, manager.SetConfig(Home.AccessPoint.Ssid, System.Text.Encoding.UTF8.GetBytes(Home.Password), Array.Empty<byte>(), 0));
        Assert.Equal(Accessory.Core.Provisioning.Messages.StatusCode.Success, manager.ApplyConfig());
        _clock.Advance(options.ApplyDelayMilliseconds + _radio.ConnectDelayMilliseconds);

        Assert.Equal(DeviceState.Online, device.Lifecycle.State);
        Assert.True(device.HasStoredCredentials);
        Assert.Equal(Home.Ip4Address, device.Station.Ip4Address);
        Assert.Contains(_log.Lines, line => line.Contains("state connecting -> online (connected)", StringComparison.Ordinal));
        manager.Dispose();
    }

    [Fact]
    public void A_factory_reset_clears_the_credentials_rotates_the_token_and_keeps_the_identity()
    {
        var device = Build(seed: 5);
        device.Settings.SetString(SettingKeys.WifiSsid, "HomeNet");
        device.Settings.SetBytes(SettingKeys.WifiPassphrase, System.Text.Encoding.UTF8.GetBytes("correct horse battery"));
        device.SaveSettings();
        string oldToken = device.ApiToken.Value;
        string id = device.Identity.DeviceId;

        device.EraseForFactoryReset();

        Assert.False(device.HasStoredCredentials);
        Assert.NotEqual(oldToken, device.ApiToken.Value);
        Assert.False(device.ApiToken.Matches(oldToken));
        var rebooted = Build(seed: 6);
        Assert.Equal(id, rebooted.Identity.DeviceId);
        Assert.False(rebooted.HasStoredCredentials);
        Assert.False(rebooted.Settings.Contains(SettingKeys.WifiPassphrase));
        Assert.Equal(device.ApiToken.Value, rebooted.ApiToken.Value);
        Assert.Equal(DeviceState.Unprovisioned, rebooted.Lifecycle.State);
    }

    private AccessoryDevice Build(int seed) => new(new AccessoryDeviceOptions(), _store, _radio, _clock, new SeededRandom(seed), _log);
}
