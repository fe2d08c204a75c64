using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>Checks bluetoothd is on the bus and picks the adapter to register with, failing with a message that says why.</summary>
internal static class BluezAdapterLocator
{
    public static async Task<string> FindAsync(DBusConnection connection, string? requested, string busDescription)
    {
        if (!await HasOwnerAsync(connection, BluezNames.Service).ConfigureAwait(false))
        {
            throw new BluezException("bluetoothd is not running (no org.bluez on the " + busDescription + ")");
        }

        var objects = await ManagedObjectsAsync(connection).ConfigureAwait(false);
        var adapters = objects
            .Where(o => o.Value.Contains(BluezNames.GattManager))
            .Select(o => o.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (requested != null)
        {
            return adapters.Contains(requested)
                ? requested
                : throw new BluezException("no Bluetooth adapter found at " + requested + " (adapters with GattManager1: " + (adapters.Count == 0 ? "none" : string.Join(", ", adapters)) + ")");
        }

        return adapters.Count > 0
            ? adapters[0]
            : throw new BluezException("no Bluetooth adapter found (bluetoothd runs but exports no object with org.bluez.GattManager1; is the controller present and not blocked by rfkill?)");
    }

    private static Task<bool> HasOwnerAsync(DBusConnection connection, string name)
    {
        var message = DBusCall.Method(
            connection,
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "NameHasOwner",
            "s",
            (ref MessageWriter w) => w.WriteString(name));
        return connection.CallMethodAsync(message, static (m, _) => m.GetBodyReader().ReadBool(), null);
    }

    /// <summary>Object path to interface names, from org.bluez's ObjectManager at "/".</summary>
    private static Task<Dictionary<string, HashSet<string>>> ManagedObjectsAsync(DBusConnection connection)
    {
        var message = DBusCall.Method(connection, BluezNames.Service, "/", BluezNames.ObjectManager, "GetManagedObjects");
        return connection.CallMethodAsync(
            message,
            static (m, _) =>
            {
                var objects = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                var reader = m.GetBodyReader();
                var end = reader.ReadDictionaryStart();
                while (reader.HasNext(end))
                {
                    reader.AlignStruct();
                    var path = reader.ReadObjectPathAsString();
                    var interfaces = new HashSet<string>(StringComparer.Ordinal);
                    var interfacesEnd = reader.ReadDictionaryStart();
                    while (reader.HasNext(interfacesEnd))
                    {
                        reader.AlignStruct();
                        interfaces.Add(reader.ReadString());
                        reader.ReadDictionaryOfStringToVariantValue();
                    }

                    objects[path] = interfaces;
                }

                return objects;
            },
            null);
    }
}
