using System.Text;
using System.Text.Json;
using Accessory.Core.Device;
using Accessory.Core.Settings;
using Accessory.Phone;
using Accessory.Phone.Ble;
using Accessory.Phone.Security;
using Accessory.Simulator.Tests.Support;
using Accessory.Phone.Protos;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>
/// ESP-IDF provisioning of the whole simulated device over BLE (virtual link, MTU 23): the phone finds endpoints by
/// their 0x2901 names, runs sec0/sec1/sec2 with the phone-side clients, and the device joins and stores the network.
/// The same assertions as the SoftAP end-to-end tests.
/// </summary>
public sealed class DeviceBleProvisioningTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static TheoryData<int, string?, string, int> Schemes() => new()
    {
        { 0, null, string.Empty, 1 },
        { 1, "abcd1234", string.Empty, 1 },
        { 1, null, string.Empty, 1 },
        { 2, null, "s3cret-pass", 1 },
        { 2, null, "s3cret-pass", 0 },
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task A_phone_provisions_the_device_over_ble_and_the_provisioning_service_then_goes_away(int security, string? pop, string password, int patch)
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(security, pop, password, patch));
        await using var phone = await ble.ConnectPhoneAsync();
        Assert.Equal(23, phone.Mtu);
        Assert.Equal(ble.Device.Name, phone.Advertisement.LocalName);
        Assert.Contains("021a9004-0382-4aea-bff4-6b3f1c5adfb4", phone.Advertisement.ServiceUuids);
        var client = new ProvisioningClient(new BleProtocommTransport(phone));

        using var version = JsonDocument.Parse(client.ProtoVersion());
        Assert.Equal(security, version.RootElement.GetProperty("prov").GetProperty("sec_ver").GetInt32());
        client.Establish(Security(security, pop, password, patch));
        Assert.Equal(Status.Success, client.SetConfig("HomeNetwork"u8.ToArray(), Encoding.UTF8.GetBytes(BleDevice.HomePassphrase)).Status);
        Assert.Equal(Status.Success, client.ApplyConfig().Status);
        var status = client.WaitForOutcome(Patience);

        Assert.Equal(WifiStationState.Connected, status.StaState);
        Assert.Equal("HomeNetwork", status.Connected.Ssid.ToStringUtf8());
        Assert.Equal(new byte[] { 0x24, 0x0a, 0xc4, 0x10, 0x00, 0x01 }, status.Connected.Bssid.ToByteArray());
        Assert.Equal(6, status.Connected.Channel);
        Assert.StartsWith("192.168.1.", status.Connected.Ip4Addr, StringComparison.Ordinal);
        Assert.Equal("HomeNetwork"u8.ToArray(), ble.Device.Settings.GetBytes(SettingKeys.WifiSsid));
        // The phone may see Connected a moment before the lifecycle records it.
        Assert.True(await Eventually.TrueAsync(() => ble.Device.Lifecycle.State == DeviceState.Online, Patience), "device not online");

        // After the phone saw Connected, provisioning ends and BLE comes back without the provisioning service.
        Assert.True(await Eventually.TrueAsync(() => ble.Device.Ble!.Profile?.Provisioning == null, Patience), "provisioning service still served");
        await using var later = await ble.ConnectPhoneAsync();
        Assert.Null(await later.FindCharacteristicByDescriptionAsync("prov-session"));
        Assert.NotNull(later.FindCharacteristic("00467768-6228-2272-4663-277478268001"));
    }

    [Fact]
    public async Task A_wrong_proof_of_possession_gets_no_session_and_stores_nothing()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(1, "abcd1234"));
        await using var phone = await ble.ConnectPhoneAsync();
        var client = new ProvisioningClient(new BleProtocommTransport(phone));

        Assert.ThrowsAny<Exception>(() => client.Establish(new Sec1Client("wrong-pop"u8.ToArray())));

        Assert.False(ble.Device.Settings.Contains(SettingKeys.WifiSsid));
        await using var again = await ble.ConnectPhoneAsync();
        var retry = new ProvisioningClient(new BleProtocommTransport(again));
        retry.Establish(new Sec1Client("abcd1234"u8.ToArray()));
        Assert.Equal(Status.Success, retry.SetConfig("HomeNetwork"u8.ToArray(), Encoding.UTF8.GetBytes(BleDevice.HomePassphrase)).Status);
    }

    [Fact]
    public async Task Endpoints_carry_the_esp_idf_uuids_and_user_descriptions()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0));
        await using var phone = await ble.ConnectPhoneAsync();

        var expected = new Dictionary<string, string>
        {
            ["prov-ctrl"] = "021aff4f-0382-4aea-bff4-6b3f1c5adfb4",
            ["prov-scan"] = "021aff50-0382-4aea-bff4-6b3f1c5adfb4",
            ["prov-session"] = "021aff51-0382-4aea-bff4-6b3f1c5adfb4",
            ["prov-config"] = "021aff52-0382-4aea-bff4-6b3f1c5adfb4",
            ["proto-ver"] = "021aff53-0382-4aea-bff4-6b3f1c5adfb4",
            ["custom-data"] = "021aff54-0382-4aea-bff4-6b3f1c5adfb4",
        };
        foreach (var (name, uuid) in expected)
        {
            var characteristic = await phone.FindCharacteristicByDescriptionAsync(name);
            Assert.True(characteristic != null, "no characteristic described as " + name);
            Assert.Equal(uuid, characteristic.Uuid);
            Assert.True(characteristic.Can(RemoteCharacteristic.Read) && characteristic.Can(RemoteCharacteristic.Write));
        }
    }

    private static ISecurityClient Security(int security, string? pop, string password, int patch) => security switch
    {
        0 => new Sec0Client(),
        1 => new Sec1Client(pop is null ? null : Encoding.UTF8.GetBytes(pop)),
        _ => new Sec2Client("wifiprov", password, patch),
    };
}
