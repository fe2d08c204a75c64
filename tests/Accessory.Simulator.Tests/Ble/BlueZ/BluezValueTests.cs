using Accessory.Core.Text;
using Accessory.Simulator.Tests.Support;
using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>ReadValue/WriteValue/StartNotify as bluetoothd issues them for phones, served by the core GattServer.</summary>
public sealed class BluezValueTests
{
    private const string PhoneA = "/org/bluez/hci0/dev_AA_AA_AA_AA_AA_AA";
    private const string PhoneB = "/org/bluez/hci0/dev_BB_BB_BB_BB_BB_BB";
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_long_read_walks_the_offsets_in_MTU_sized_pieces()
    {
        await using var harness = await BluezHarness.StartAsync();
        using var client = await FakeBluezGattClient.ConnectAsync(harness.Adapter);
        var assembled = new List<byte>();
        var pieces = new List<int>();

        for (int i = 0; i < 10; i++)
        {
            var piece = await client.ReadValueAsync(TestGatt.LongPath, FakeBluezGattClient.Options(offset: assembled.Count, mtu: 23, device: PhoneA));
            pieces.Add(piece.Length);
            assembled.AddRange(piece);
            // A read response carries MTU-1 value bytes; a shorter piece ends the long read, as phones treat it.
            if (piece.Length < 22)
            {
                break;
            }
        }

        Assert.Equal(new[] { 22, 22, 22, 22, 12 }, pieces);
        Assert.Equal(harness.Gatt.LongValue, assembled);
    }

    [Fact]
    public async Task A_read_past_the_end_is_InvalidOffset()
    {
        await using var harness = await BluezHarness.StartAsync();
        using var client = await FakeBluezGattClient.ConnectAsync(harness.Adapter);

        var e = await Assert.ThrowsAsync<DBusErrorReplyException>(() => client.ReadValueAsync(TestGatt.LongPath, FakeBluezGattClient.Options(offset: 101, device: PhoneA)));

        Assert.Equal("org.bluez.Error.InvalidOffset", e.ErrorName);
    }

    [Fact]
    public async Task A_long_write_arrives_in_offset_pieces_and_reads_back_whole()
    {
        await using var harness = await BluezHarness.StartAsync();
        using var client = await FakeBluezGattClient.ConnectAsync(harness.Adapter);

        await client.WriteValueAsync(TestGatt.EchoPath, Utf8.Encode("hello "), FakeBluezGattClient.Options(offset: 0, device: PhoneA));
        await client.WriteValueAsync(TestGatt.EchoPath, Utf8.Encode("world"), FakeBluezGattClient.Options(offset: 6, device: PhoneA));
        var gap = await Assert.ThrowsAsync<DBusErrorReplyException>(() => client.WriteValueAsync(TestGatt.EchoPath, new byte[] { 1 }, FakeBluezGattClient.Options(offset: 50, device: PhoneA)));

        Assert.Equal("hello world", Utf8.Decode(await client.ReadValueAsync(TestGatt.EchoPath, FakeBluezGattClient.Options(mtu: 100, device: PhoneA))));
        Assert.Equal("org.bluez.Error.InvalidOffset", gap.ErrorName);
    }

    [Fact]
    public async Task Writing_a_read_only_characteristic_is_NotPermitted()
    {
        await using var harness = await BluezHarness.StartAsync();
        using var client = await FakeBluezGattClient.ConnectAsync(harness.Adapter);

        var e = await Assert.ThrowsAsync<DBusErrorReplyException>(() => client.WriteValueAsync(TestGatt.ReadOnlyPath, new byte[] { 1 }, FakeBluezGattClient.Options(device: PhoneA)));

        Assert.Equal("org.bluez.Error.NotPermitted", e.ErrorName);
    }

    [Fact]
    public async Task After_StartNotify_a_core_notification_arrives_as_PropertiesChanged_Value()
    {
        await using var harness = await BluezHarness.StartAsync();
        using var client = await FakeBluezGattClient.ConnectAsync(harness.Adapter);

        Assert.Equal(0, harness.Gatt.Server.Notify(harness.Gatt.Notifying, new byte[] { 9 }));
        await client.StartNotifyAsync(TestGatt.NotifyPath);
        Assert.Equal(1, harness.Gatt.Server.Notify(harness.Gatt.Notifying, new byte[] { 1, 2, 3 }));
        var change = await client.NextValueChangeAsync(SignalTimeout);
        await client.StopNotifyAsync(TestGatt.NotifyPath);

        Assert.Equal(TestGatt.NotifyPath, change.Path);
        Assert.Equal(new byte[] { 1, 2, 3 }, change.Value);
        Assert.Equal(0, harness.Gatt.Server.Notify(harness.Gatt.Notifying, new byte[] { 4 }));
        Assert.False(client.TryTakeValueChange(out _));
    }

    [Fact]
    public async Task Two_devices_get_separate_connections_with_their_own_MTU_and_state()
    {
        await using var harness = await BluezHarness.StartAsync();
        using var client = await FakeBluezGattClient.ConnectAsync(harness.Adapter);

        await client.WriteValueAsync(TestGatt.EchoPath, Utf8.Encode("from A"), FakeBluezGattClient.Options(mtu: 23, device: PhoneA));
        await client.WriteValueAsync(TestGatt.EchoPath, Utf8.Encode("from B"), FakeBluezGattClient.Options(mtu: 185, device: PhoneB));
        var echoA = await client.ReadValueAsync(TestGatt.EchoPath, FakeBluezGattClient.Options(device: PhoneA));
        var echoB = await client.ReadValueAsync(TestGatt.EchoPath, FakeBluezGattClient.Options(device: PhoneB));
        var longA = await client.ReadValueAsync(TestGatt.LongPath, FakeBluezGattClient.Options(device: PhoneA));
        var longB = await client.ReadValueAsync(TestGatt.LongPath, FakeBluezGattClient.Options(device: PhoneB));

        Assert.Equal("from A", Utf8.Decode(echoA));
        Assert.Equal("from B", Utf8.Decode(echoB));
        Assert.Equal(22, longA.Length);
        Assert.Equal(100, longB.Length);
        Assert.Equal(2, harness.Peripheral.CentralCount);
        Assert.Equal(2, harness.Gatt.Echo.Writers.Count);
    }

    [Fact]
    public async Task A_device_that_disconnects_starts_afresh_with_a_new_MTU_when_it_returns()
    {
        await using var harness = await BluezHarness.StartAsync();
        using var client = await FakeBluezGattClient.ConnectAsync(harness.Adapter);
        var before = await client.ReadValueAsync(TestGatt.LongPath, FakeBluezGattClient.Options(mtu: 23, device: PhoneA));

        harness.Adapter.SignalDisconnected(PhoneA);
        var dropped = await Eventually.TrueAsync(() => harness.Peripheral.CentralCount == 0, SignalTimeout);
        var after = await client.ReadValueAsync(TestGatt.LongPath, FakeBluezGattClient.Options(mtu: 185, device: PhoneA));

        Assert.Equal(22, before.Length);
        Assert.True(dropped, "the peripheral kept the central's connection after Device1.Connected became false");
        Assert.Equal(100, after.Length);
    }
}
