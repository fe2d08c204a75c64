using Accessory.Core.Device;
using Accessory.Core.Settings;
using Accessory.Phone.Ble;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Tests.Ble.Improv;
using Accessory.Simulator.Tests.Support;
using static Accessory.Simulator.Tests.Ble.Improv.ImprovExpectations;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>
/// ble.disconnect on the whole device over the virtual link: the phone's link really ends (no answer, then the
/// socket closes), the fault clears itself, and the phone's retry on a new connection works.
/// </summary>
public sealed class BleDisconnectFaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Every_open_connection_is_dropped_at_once_and_a_new_one_works()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0));
        await using var first = await ImprovPhone.ConnectAsync(ble);
        await using var second = await ImprovPhone.ConnectAsync(ble);
        Assert.Equal(StateAuthorized, await first.ReadStateAsync());

        ble.Device.Faults.Set(FaultSpec.Parse("ble.disconnect"));

        foreach (var phone in new[] { first, second })
        {
            var ended = await Assert.ThrowsAsync<BleLinkException>(() => WaitForLinkEndAsync(phone));
            Assert.Contains("closed the link", ended.Message, StringComparison.Ordinal);
        }

        Assert.True(await Eventually.TrueAsync(() => !ble.Device.Faults.IsActive(FaultNames.BleDisconnect), Patience), "the fault did not clear itself");
        await using var again = await ImprovPhone.ConnectAsync(ble);
        Assert.Equal(StateAuthorized, await again.ReadStateAsync());
    }

    [Fact]
    public async Task The_chosen_write_goes_unanswered_the_link_drops_nothing_is_stored_and_the_retry_provisions()
    {
        await using var ble = await BleDevice.StartAsync(BleDevice.Provisioning(0));
        await using (var phone = await ImprovPhone.ConnectAsync(ble))
        {
            ble.Device.Faults.Set(FaultSpec.Parse("ble.disconnect:after-writes=2"));
            await phone.SendAsync(ImprovRpc.Command(ImprovRpc.DeviceInfo));
            await phone.ExpectAsync(phone.Result, v => v.Length > 0 && v[0] == ImprovRpc.DeviceInfo, "the device info result");

            // The provisioning packet needs several writes at MTU 23; the second one is where the link goes.
            await Assert.ThrowsAsync<BleLinkException>(() => phone.SendAsync(ImprovRpc.Provision("HomeNetwork", BleDevice.HomePassphrase)));
        }

        Assert.True(await Eventually.TrueAsync(() => !ble.Device.Faults.IsActive(FaultNames.BleDisconnect), Patience), "the fault did not clear itself");
        Assert.False(ble.Device.Settings.Contains(SettingKeys.WifiSsid));

        await using var retry = await ImprovPhone.ConnectAsync(ble);
        await retry.SendAsync(ImprovRpc.Provision("HomeNetwork", BleDevice.HomePassphrase));
        await retry.ExpectAsync(retry.State, StateProvisioned);
        Assert.True(await Eventually.TrueAsync(() => ble.Device.Lifecycle.State == DeviceState.Online, Patience), "device not online");
    }

    // Reads until the link fails; a live link would answer every read, so only the drop ends this.
    private static async Task WaitForLinkEndAsync(ImprovPhone phone)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            await phone.ReadStateAsync();
            await Task.Delay(20);
        }
    }
}
