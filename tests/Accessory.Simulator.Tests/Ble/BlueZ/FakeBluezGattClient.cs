using System.Threading.Channels;
using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>
/// TEST-ONLY: what bluetoothd does towards a registered application when phones use it: ReadValue/WriteValue with
/// the offset, mtu and device options, StartNotify/StopNotify, and listening for PropertiesChanged on Value.
/// </summary>
internal sealed class FakeBluezGattClient : IDisposable
{
    private const string Characteristic = "org.bluez.GattCharacteristic1";
    private readonly DBusConnection _connection;
    private readonly string _owner;
    private readonly Channel<(string Path, byte[] Value)> _values = Channel.CreateUnbounded<(string, byte[])>();
    private IDisposable? _match;

    private FakeBluezGattClient(DBusConnection connection, string owner)
    {
        _connection = connection;
        _owner = owner;
    }

    public static async Task<FakeBluezGattClient> ConnectAsync(FakeBluezAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        var client = new FakeBluezGattClient(adapter.Connection, adapter.ApplicationOwner ?? throw new InvalidOperationException("no application registered"));
        var rule = new MatchRule
        {
            Type = MessageType.Signal,
            Sender = client._owner,
            Interface = "org.freedesktop.DBus.Properties",
            Member = "PropertiesChanged",
        };
        client._match = await adapter.Connection.AddMatchAsync(
            rule,
            static (m, _) => (m.PathAsString ?? string.Empty, ReadValueChange(m)),
            static notification =>
            {
                if (notification.HasValue && notification.Value.Item2 != null)
                {
                    ((Channel<(string, byte[])>)notification.State!).Writer.TryWrite((notification.Value.Item1, notification.Value.Item2));
                }
            },
            false,
            ObserverFlags.None,
            client._values);
        return client;
    }

    public static Dictionary<string, VariantValue> Options(int? offset = null, int? mtu = null, string? device = null)
    {
        var options = new Dictionary<string, VariantValue>();
        if (offset.HasValue)
        {
            options["offset"] = VariantValue.UInt16((ushort)offset.Value);
        }

        if (mtu.HasValue)
        {
            options["mtu"] = VariantValue.UInt16((ushort)mtu.Value);
        }

        if (device != null)
        {
            options["device"] = VariantValue.ObjectPath(new ObjectPath(device));
            options["link"] = VariantValue.String("LE");
        }

        return options;
    }

    public Task<byte[]> ReadValueAsync(string path, Dictionary<string, VariantValue> options, string @interface = Characteristic) =>
        _connection.CallMethodAsync(
            DBusMessages.Call(_connection, _owner, path, @interface, "ReadValue", "a{sv}", (ref MessageWriter w) => w.WriteDictionary(options)),
            static (m, _) => m.GetBodyReader().ReadArrayOfByte(),
            null);

    public Task WriteValueAsync(string path, byte[] value, Dictionary<string, VariantValue> options) =>
        _connection.CallMethodAsync(DBusMessages.Call(_connection, _owner, path, Characteristic, "WriteValue", "aya{sv}", (ref MessageWriter w) =>
        {
            w.WriteArray(value);
            w.WriteDictionary(options);
        }));

    public Task StartNotifyAsync(string path) =>
        _connection.CallMethodAsync(DBusMessages.Call(_connection, _owner, path, Characteristic, "StartNotify"));

    public Task StopNotifyAsync(string path) =>
        _connection.CallMethodAsync(DBusMessages.Call(_connection, _owner, path, Characteristic, "StopNotify"));

    /// <summary>The next Value change signalled by the application; throws on timeout.</summary>
    public async Task<(string Path, byte[] Value)> NextValueChangeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _values.Reader.ReadAsync(cancel.Token);
    }

    public bool TryTakeValueChange(out (string Path, byte[] Value) change) => _values.Reader.TryRead(out change);

    public void Dispose() => _match?.Dispose();

    private static byte[]? ReadValueChange(Message message)
    {
        var reader = message.GetBodyReader();
        if (reader.ReadString() != Characteristic)
        {
            return null;
        }

        var changed = reader.ReadDictionaryOfStringToVariantValue();
        return changed.TryGetValue("Value", out var value) ? value.GetArray<byte>() : null;
    }
}
