using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>Writes a message body; a delegate because MessageWriter is a ref struct.</summary>
internal delegate void BodyWriter(ref MessageWriter writer);

/// <summary>Builds outgoing method calls and signals, so callers only describe the body.</summary>
internal static class DBusCall
{
    public static MessageBuffer Method(DBusConnection connection, string destination, string path, string @interface, string member, string? signature = null, BodyWriter? body = null)
    {
        var writer = connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination, path, @interface, member, signature);
            body?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static MessageBuffer Signal(DBusConnection connection, string path, string @interface, string member, string signature, BodyWriter body)
    {
        var writer = connection.GetMessageWriter();
        try
        {
            writer.WriteSignalHeader(null, path, @interface, member, signature);
            body(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Calls a BlueZ manager method taking (object path, empty options), as Register*/Unregister* do.</summary>
    public static Task PathCallAsync(DBusConnection connection, string path, string @interface, string member, string objectPath, bool withOptions)
    {
        var message = Method(
            connection,
            BluezNames.Service,
            path,
            @interface,
            member,
            withOptions ? "oa{sv}" : "o",
            (ref MessageWriter w) =>
            {
                w.WriteObjectPath(objectPath);
                if (withOptions)
                {
                    w.WriteDictionary(new Dictionary<string, VariantValue>());
                }
            });
        return connection.CallMethodAsync(message);
    }
}
