using System.Text;
using Accessory.Core.Device;
using Accessory.Phone;
using Accessory.Phone.Ble;
using Accessory.Phone.Security;
using Accessory.Simulator.Tests.Ble;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Security;

/// <summary>
/// Over BLE (virtual link, MTU 23): a phone gets the access token from the api-token endpoint of an sec2 session, and
/// the lamp-control characteristic runs commands only on a connection that wrote that token first.
/// </summary>
public sealed class BleAccessTokenTests
{
    private const string Command = "c3080003-d430-4330-960b-cb7fe17134bb";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_token_comes_over_the_ble_session_and_unlocks_lamp_control_on_that_connection_only()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(2, null, "s3cret-pass", 1));
        await using var phone = await ble.ConnectPhoneAsync();
        var client = new ProvisioningClient(new BleProtocommTransport(phone));
        client.Establish(new Sec2Client("wifiprov", "s3cret-pass", 1));

        string token = client.GetAccessToken();

        Assert.Equal(ble.Device.ApiToken.Value, token);
        client.SetConfig("HomeNetwork"u8.ToArray(), Encoding.UTF8.GetBytes(BleDevice.HomePassphrase));
        client.ApplyConfig();
        client.WaitForOutcome(Patience);
        Assert.True(await Eventually.TrueAsync(() => ble.Device.Ble!.Profile?.Provisioning == null, Patience), "provisioning service still served");

        await using var stranger = await ble.ConnectPhoneAsync();
        var strangerCommand = stranger.FindCharacteristic(Command)!;
        await Assert.ThrowsAnyAsync<Exception>(() => stranger.WriteAsync(strangerCommand.ValueHandle, Encoding.UTF8.GetBytes("power\n{\"on\":true}")));
        Assert.False(ble.Device.Lamp.On);

        await using var paired = await ble.ConnectPhoneAsync();
        var command = paired.FindCharacteristic(Command)!;
        await paired.WriteAsync(command.ValueHandle, LocalApiClient.BleAuthFrame(token));
        await paired.WriteAsync(command.ValueHandle, Encoding.UTF8.GetBytes("power\n{\"on\":true}"));
        Assert.True(ble.Device.Lamp.On);
    }
}
