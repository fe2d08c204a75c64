using System.Text;
using Accessory.Phone;
using Accessory.Phone.Ble;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>The virtual BLE link end to end: the device's server and the phone's client, each with its own codec.</summary>
public class VirtualBleLinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Hello_returns_the_advertisement_a_scan_would_see()
    {
        await using var link = await LinkHarness.StartAsync();
        await using var client = await VirtualBleClient.ConnectAsync(link.SocketPath);

        Assert.Equal("PROV_TEST01", client.Advertisement.LocalName);
        Assert.Equal([TestGatt.ServiceUuid], client.Advertisement.ServiceUuids);
        Assert.Equal([0x01, 0x02, 0x03], client.Advertisement.ServiceData["0000fe2c-0000-1000-8000-00805f9b34fb"]);
    }

    [Fact]
    public async Task Discovery_lists_services_characteristics_and_descriptors_with_the_database_handles()
    {
        await using var link = await LinkHarness.StartAsync();
        await using var client = await link.ClientAsync();

        Assert.Equal([TestGatt.ServiceUuid, "0000180a-0000-1000-8000-00805f9b34fb"], client.Services.Select(s => s.Uuid));
        var echo = client.FindCharacteristic(TestGatt.EchoUuid)!;
        Assert.Equal(link.Gatt.Echo.Handle, echo.ValueHandle);
        Assert.Equal(echo.ValueHandle - 1, echo.DeclarationHandle);
        Assert.Equal(RemoteCharacteristic.Read | RemoteCharacteristic.Write, echo.Properties);
        Assert.Equal(link.Gatt.Echo.Descriptors[0].Handle, Assert.Single(echo.Descriptors).Handle);
        var notify = client.FindCharacteristic(TestGatt.NotifyUuid)!;
        Assert.Equal(
            [(link.Gatt.Notify.ConfigurationHandle, UuidText.FromShort(0x2902)), (link.Gatt.Notify.Descriptors[0].Handle, UuidText.FromShort(0x2901))],
            notify.Descriptors.Select(d => (d.Handle, d.Uuid)));
        var info = client.Services[1];
        Assert.Equal(info.Characteristics[0].ValueHandle, info.EndHandle);
        Assert.Equal("2a29", client.FindCharacteristic("2A29")!.Uuid[4..8]);
    }

    [Theory]
    [InlineData(23)]
    [InlineData(185)]
    public async Task Long_values_are_read_and_written_in_mtu_sized_pieces(int mtu)
    {
        await using var link = await LinkHarness.StartAsync();
        await using var client = await link.ClientAsync(mtu);
        var value = Enumerable.Range(0, 400).Select(i => (byte)(i * 7)).ToArray();

        Assert.Equal(link.Gatt.LongValue, await client.ReadAsync(link.Gatt.Long.Handle));
        await client.WriteAsync(link.Gatt.Echo.Handle, value);
        Assert.Equal(value, await client.ReadAsync(link.Gatt.Echo.Handle));
        await client.WriteAsync(link.Gatt.Echo.Handle, [9, 8, 7]);
        Assert.Equal([9, 8, 7], await client.ReadAsync(link.Gatt.Echo.Handle));
    }

    [Fact]
    public async Task A_value_that_is_an_exact_multiple_of_the_chunk_reads_whole()
    {
        await using var link = await LinkHarness.StartAsync();
        await using var client = await link.ClientAsync();
        var value = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();

        await client.WriteAsync(link.Gatt.Echo.Handle, value);

        Assert.Equal(value, await client.ReadAsync(link.Gatt.Echo.Handle));
    }

    [Fact]
    public async Task Att_errors_reach_the_phone_with_their_status()
    {
        await using var link = await LinkHarness.StartAsync();
        await using var client = await link.ClientAsync();

        var notReadable = await Assert.ThrowsAsync<BleLinkException>(() => client.ReadAsync(link.Gatt.WriteOnly.Handle));
        var notWritable = await Assert.ThrowsAsync<BleLinkException>(() => client.WriteAsync(link.Gatt.Long.Handle, [1]));
        var noSuchHandle = await Assert.ThrowsAsync<BleLinkException>(() => client.ReadAsync(999));

        Assert.Equal(0x02, notReadable.AttStatus);
        Assert.Equal(0x03, notWritable.AttStatus);
        Assert.Equal(0x01, noSuchHandle.AttStatus);
    }

    [Theory]
    [InlineData(23)]
    [InlineData(185)]
    public async Task Notifications_reach_subscribers_cut_to_their_mtu(int mtu)
    {
        await using var link = await LinkHarness.StartAsync();
        await using var client = await link.ClientAsync(mtu);
        var value = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();

        await client.SubscribeAsync(link.Gatt.Notify.Handle);
        Assert.Equal(1, link.Gatt.Server.Notify(link.Gatt.Notify, value));

        var notification = await client.Notifications.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(link.Gatt.Notify.Handle, notification.ValueHandle);
        Assert.Equal(value.Take(mtu - 3), notification.Value);
        Assert.Equal([0x01, 0x00], await client.ReadAsync(link.Gatt.Notify.ConfigurationHandle));
    }

    [Fact]
    public async Task Two_clients_at_once_have_their_own_mtu_values_and_subscriptions()
    {
        await using var link = await LinkHarness.StartAsync();
        await using var small = await link.ClientAsync(23);
        await using var large = await link.ClientAsync(185);

        await small.WriteAsync(link.Gatt.Echo.Handle, Encoding.UTF8.GetBytes(new string('s', 50)));
        await large.WriteAsync(link.Gatt.Echo.Handle, Encoding.UTF8.GetBytes(new string('L', 150)));
        await large.SubscribeAsync(link.Gatt.Notify.Handle);

        Assert.Equal(new string('s', 50), Encoding.UTF8.GetString(await small.ReadAsync(link.Gatt.Echo.Handle)));
        Assert.Equal(new string('L', 150), Encoding.UTF8.GetString(await large.ReadAsync(link.Gatt.Echo.Handle)));
        Assert.Equal(2, link.Gatt.Server.ConnectionCount);
        Assert.Equal(1, link.Gatt.Server.Notify(link.Gatt.Notify, [42]));
        Assert.Equal([42], (await large.Notifications.ReadAsync().AsTask().WaitAsync(Patience)).Value);
        Assert.False(small.Notifications.TryRead(out _));
    }

    [Fact]
    public async Task Disconnecting_drops_the_connection_its_subscriptions_and_its_handler_state()
    {
        await using var link = await LinkHarness.StartAsync();
        var client = await link.ClientAsync();
        await client.SubscribeAsync(link.Gatt.Notify.Handle);
        await client.WriteAsync(link.Gatt.Echo.Handle, [1]);
        Assert.Equal(1, link.Gatt.EchoHandler.ConnectionsWithState);

        await client.DisconnectAsync();

        Assert.True(await Support.Eventually.TrueAsync(() => link.Gatt.Server.ConnectionCount == 0, Patience));
        Assert.Equal(0, link.Gatt.Server.Notify(link.Gatt.Notify, [1]));
        Assert.Equal(0, link.Gatt.EchoHandler.ConnectionsWithState);
        Assert.Equal(0, link.Server.ConnectionCount);
    }

    [Fact]
    public async Task A_client_that_just_closes_its_socket_is_cleaned_up_too()
    {
        await using var link = await LinkHarness.StartAsync();
        var client = await link.ClientAsync();
        await client.SubscribeAsync(link.Gatt.Notify.Handle);

        await client.DisposeAsync();

        Assert.True(await Support.Eventually.TrueAsync(() => link.Gatt.Server.ConnectionCount == 0, Patience));
        Assert.Equal(0, link.Gatt.Server.Notify(link.Gatt.Notify, [1]));
    }

    [Fact]
    public async Task Endpoints_are_found_by_their_user_description()
    {
        await using var link = await LinkHarness.StartAsync();
        await using var client = await VirtualBleClient.ConnectAsync(link.SocketPath);

        var echo = await client.FindCharacteristicByDescriptionAsync("echo");
        var missing = await client.FindCharacteristicByDescriptionAsync("prov-config");

        Assert.Equal(link.Gatt.Echo.Handle, echo!.ValueHandle);
        Assert.Null(missing);
    }

    [Fact]
    public async Task The_provisioning_client_runs_over_ble_by_writing_then_reading_the_endpoint()
    {
        await using var link = await LinkHarness.StartAsync();
        await using var client = await link.ClientAsync();
        var flow = new ProvisioningClient(new BleProtocommTransport(client));

        // The test's proto-ver characteristic echoes, so the phone reads back the "ESP" it wrote.
        Assert.Equal("ESP", flow.ProtoVersion());
        Assert.Throws<BleLinkException>(() => new BleProtocommTransport(client).Post("prov-config", [1]));
    }

    [Fact]
    public async Task Starting_removes_a_stale_socket_file_and_stopping_removes_the_socket()
    {
        await using var first = await LinkHarness.StartAsync();
        string path = first.SocketPath;
        await first.Server.DisposeAsync();
        File.WriteAllText(path, "stale");
        var again = new Accessory.Simulator.Ble.Virtual.VirtualBleServer(first.Gatt.Server, TestGatt.Advertisement, path, first.Log);

        await again.StartAsync();
        await using (var client = await VirtualBleClient.ConnectAsync(path))
        {
            Assert.Equal("PROV_TEST01", client.Advertisement.LocalName);
        }

        await again.DisposeAsync();
        Assert.False(File.Exists(path));
    }
}
