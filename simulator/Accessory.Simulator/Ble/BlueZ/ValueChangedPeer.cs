using Accessory.Core.Ble;
using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>
/// Delivers the core's notifications the way BlueZ expects from an application: a PropertiesChanged signal on the
/// characteristic's "Value", which bluetoothd forwards to every central that enabled notifications.
/// </summary>
internal sealed class ValueChangedPeer : IGattPeer
{
    private readonly DBusConnection _connection;
    private readonly GattApplicationTree _tree;

    public ValueChangedPeer(DBusConnection connection, GattApplicationTree tree)
    {
        _connection = connection;
        _tree = tree;
    }

    public void Notify(int valueHandle, byte[] value)
    {
        var node = _tree.CharacteristicAt(valueHandle);
        if (node == null)
        {
            return;
        }

        var signal = DBusCall.Signal(
            _connection,
            node.Path,
            BluezNames.Properties,
            "PropertiesChanged",
            "sa{sv}as",
            (ref MessageWriter w) =>
            {
                w.WriteString(BluezNames.GattCharacteristic);
                w.WriteDictionary(new Dictionary<string, VariantValue> { ["Value"] = VariantValue.Array(value) });
                w.WriteArray(Array.Empty<string>());
            });
        _connection.TrySendMessage(signal);
    }
}
