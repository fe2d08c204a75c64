using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>Writes a message body; a delegate because MessageWriter is a ref struct.</summary>
internal delegate void MessageBody(ref MessageWriter writer);

/// <summary>Method calls and replies for the test side of the bus.</summary>
internal static class DBusMessages
{
    public static MessageBuffer Call(DBusConnection connection, string destination, string path, string @interface, string member, string? signature = null, MessageBody? body = null)
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

    public static void Reply(MethodContext context, string? signature = null, MessageBody? body = null)
    {
        var writer = context.CreateReplyWriter(signature);
        try
        {
            body?.Invoke(ref writer);
            context.Reply(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }
}
