using Accessory.Core.Text;
using Accessory.Simulator.Tests.Support;
using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>
/// ble.disconnect on BlueZ: the peripheral cannot cut a link itself, so it asks bluetoothd (Device1.Disconnect on the
/// central's object), as the test-only stand-in records; the central's state is dropped at once.
/// </summary>
public sealed class BluezDropTests
{
    private const string PhoneA = "/org/bluez/hci0/dev_AA_AA_AA_AA_AA_AA";
    private const string PhoneB = "/org/bluez/hci0/dev_BB_BB_BB_BB_BB_BB";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Dropping_connections_asks_bluetoothd_to_disconnect_every_central_that_made_a_request()
    {
        await using var harness = await BluezHarness.StartAsync();
        using var client = await FakeBluezGattClient.ConnectAsync(harness.Adapter);
        await client.ReadValueAsync(TestGatt.EchoPath, FakeBluezGattClient.Options(device: PhoneA));
        await client.ReadValueAsync(TestGatt.EchoPath, FakeBluezGattClient.Options(device: PhoneB));

        harness.Peripheral.DropConnections();

        Assert.True(await Eventually.TrueAsync(() => Disconnected(harness).Length == 2, Patience), string.Join(", ", harness.Adapter.Calls));
        Assert.Equal([PhoneA, PhoneB], Disconnected(harness).Order(StringComparer.Ordinal));
        Assert.Equal(0, harness.Peripheral.CentralCount);
    }

    [Fact]
    public async Task The_write_chosen_to_drop_is_refused_and_only_its_central_is_disconnected()
    {
        await using var harness = await BluezHarness.StartAsync();
        using var client = await FakeBluezGattClient.ConnectAsync(harness.Adapter);
        int writes = 0;
        harness.Peripheral.DropOnWrite = () => ++writes == 2;

        await client.WriteValueAsync(TestGatt.EchoPath, Utf8.Encode("one"), FakeBluezGattClient.Options(device: PhoneA));
        var refused = await Assert.ThrowsAsync<DBusErrorReplyException>(() => client.WriteValueAsync(TestGatt.EchoPath, Utf8.Encode("two"), FakeBluezGattClient.Options(device: PhoneB)));

        Assert.True(await Eventually.TrueAsync(() => Disconnected(harness).Length == 1, Patience), string.Join(", ", harness.Adapter.Calls));
        Assert.Equal([PhoneB], Disconnected(harness));
        Assert.StartsWith("org.bluez.Error.", refused.ErrorName, StringComparison.Ordinal);
        Assert.Equal("one", Utf8.Decode(await client.ReadValueAsync(TestGatt.EchoPath, FakeBluezGattClient.Options(device: PhoneA))));
    }

    private static string[] Disconnected(BluezHarness harness) =>
        [.. harness.Adapter.Calls.Where(c => c.Member == "Disconnect").Select(c => c.ObjectPath)];
}
