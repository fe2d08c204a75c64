using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>
/// Ends a central's core connection when bluetoothd reports its Device1 as no longer Connected, so a phone that
/// reconnects starts afresh (new MTU exchange, no half-assembled long write) instead of inheriting the old state.
/// </summary>
internal static class CentralDisconnectWatch
{
    public static async Task<IDisposable> StartAsync(DBusConnection connection, string adapterPath, CentralConnections centrals)
    {
        var rule = new MatchRule
        {
            Type = MessageType.Signal,
            Sender = BluezNames.Service,
            Interface = BluezNames.Properties,
            Member = "PropertiesChanged",
            PathNamespace = adapterPath,
            Arg0 = "org.bluez.Device1",
        };
        return await connection.AddMatchAsync(
            rule,
            static (m, _) => DisconnectedDevice(m),
            static notification =>
            {
                if (notification.HasValue && notification.Value != null)
                {
                    ((CentralConnections)notification.State!).Disconnect(notification.Value);
                }
            },
            false,
            ObserverFlags.None,
            centrals).ConfigureAwait(false);
    }

    private static string? DisconnectedDevice(Message message)
    {
        var reader = message.GetBodyReader();
        reader.ReadString();
        var changed = reader.ReadDictionaryOfStringToVariantValue();
        return changed.TryGetValue("Connected", out var connected) && connected.Type == VariantValueType.Bool && !connected.GetBool()
            ? message.PathAsString
            : null;
    }
}
