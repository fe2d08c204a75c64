using Accessory.Core.Ble;

namespace Accessory.Core.Tests.Ble;

public class GattServerTests
{
    private static readonly byte[] Long = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

    [Fact]
    public void Mtu_exchange_is_clamped_and_happens_once()
    {
        var (server, _, _) = Build();
        var low = server.Connect(new PhoneGattClient.Silent());
        Assert.Equal(23, server.ExchangeMtu(low, 10));
        var high = server.Connect(new PhoneGattClient.Silent());
        Assert.Equal(GattConnection.MaxMtu, server.ExchangeMtu(high, 9000));
        var once = server.Connect(new PhoneGattClient.Silent());
        Assert.Equal(185, server.ExchangeMtu(once, 185));
        Assert.Equal(185, server.ExchangeMtu(once, 40));
    }

    [Fact]
    public void Reads_are_sliced_to_mtu_minus_one_and_long_reads_follow_offsets()
    {
        var (server, readable, _) = Build();
        var phone = new PhoneGattClient(server);
        var first = server.Read(phone.Connection, readable.Handle, 0);
        Assert.Equal(Long.Take(22), first.Value);
        Assert.Equal(Long.Skip(88).Take(12), server.Read(phone.Connection, readable.Handle, 88).Value);
        Assert.Empty(server.Read(phone.Connection, readable.Handle, 100).Value);
        Assert.Equal(GattStatus.InvalidOffset, server.Read(phone.Connection, readable.Handle, 101).Status);
        Assert.Equal(GattStatus.InvalidOffset, server.Read(phone.Connection, readable.Handle, -1).Status);
        Assert.Equal(Long, phone.Read(readable));
        Assert.Equal(5, phone.ReadPieces);
    }

    [Fact]
    public void Properties_are_enforced_and_unknown_handles_refused()
    {
        var (server, readable, writable) = Build();
        var phone = new PhoneGattClient(server);
        Assert.Equal(GattStatus.WriteNotPermitted, server.Write(phone.Connection, readable.Handle, 0, new byte[] { 1 }));
        Assert.Equal(GattStatus.ReadNotPermitted, server.Read(phone.Connection, writable.Handle, 0).Status);
        Assert.Equal(GattStatus.Success, server.Write(phone.Connection, writable.Handle, 0, new byte[] { 1 }));
        Assert.Equal(GattStatus.InvalidHandle, server.Read(phone.Connection, 999, 0).Status);
        Assert.Equal(GattStatus.InvalidHandle, server.Write(phone.Connection, 0, 0, new byte[] { 1 }));
        Assert.Equal(GattStatus.InvalidPdu, server.Write(phone.Connection, writable.Handle, -3, new byte[] { 1 }));
        var description = readable.Descriptors[0];
        Assert.Equal("long value", System.Text.Encoding.UTF8.GetString(phone.ReadHandle(description.Handle)));
        Assert.Equal(GattStatus.WriteNotPermitted, server.Write(phone.Connection, description.Handle, 0, new byte[] { 1 }));
    }

    [Fact]
    public void Client_configuration_switches_notifications_and_they_are_cut_to_the_mtu()
    {
        var (server, readable, writable) = Build();
        var small = new PhoneGattClient(server);
        var large = new PhoneGattClient(server, 247);
        var silent = new PhoneGattClient(server);
        Assert.NotEqual(0, readable.ConfigurationHandle);
        Assert.Equal(0, writable.ConfigurationHandle);
        Assert.Equal(new byte[] { 0, 0 }, small.ReadHandle(readable.ConfigurationHandle));
        Assert.Equal(GattStatus.Success, small.Subscribe(readable));
        Assert.Equal(GattStatus.Success, large.Subscribe(readable));
        Assert.Equal(new byte[] { 1, 0 }, small.ReadHandle(readable.ConfigurationHandle));
        Assert.Equal(GattStatus.InvalidAttributeValueLength, server.Write(small.Connection, readable.ConfigurationHandle, 0, new byte[] { 1 }));
        Assert.Equal(GattStatus.AttributeNotLong, server.Write(small.Connection, readable.ConfigurationHandle, 1, new byte[] { 1, 0 }));
        Assert.Equal(GattStatus.ValueNotAllowed, server.Write(small.Connection, readable.ConfigurationHandle, 0, new byte[] { 4, 0 }));
        Assert.Equal(GattStatus.RequestNotSupported, server.Subscribe(small.Connection, writable.Handle, true));

        Assert.Equal(2, server.Notify(readable, Long));
        Assert.Equal(Long.Take(20), Assert.Single(small.NotificationsOf(readable)));
        Assert.Equal(Long, Assert.Single(large.NotificationsOf(readable)));
        Assert.Empty(silent.Notifications);

        Assert.Equal(GattStatus.Success, server.Write(small.Connection, readable.ConfigurationHandle, 0, new byte[] { 0, 0 }));
        large.Disconnect();
        Assert.Equal(0, server.Notify(readable, Long));
        Assert.Equal(2, server.ConnectionCount);
    }

    private static (GattServer Server, GattCharacteristic Readable, GattCharacteristic Writable) Build()
    {
        var readable = new GattCharacteristic(BleUuid.FromShort(0xAAA1), GattProperty.Read | GattProperty.Notify, new StaticValueHandler(Long)).Describe("long value");
        var writable = new GattCharacteristic(BleUuid.FromShort(0xAAA2), GattProperty.Write, new Sink());
        var database = new GattDatabase();
        database.Add(new GattService(BleUuid.FromShort(0xAAA0)).Add(readable).Add(writable));
        return (new GattServer(database), readable, writable);
    }

    private sealed class Sink : IGattValueHandler
    {
        public GattReadResult Read(GattConnection connection, int offset) => GattReadResult.Ok(Array.Empty<byte>());

        public GattStatus Write(GattConnection connection, int offset, byte[] data) => GattStatus.Success;
    }
}
