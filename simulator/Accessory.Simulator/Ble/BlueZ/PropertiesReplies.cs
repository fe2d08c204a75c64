using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>org.freedesktop.DBus.Properties Get/GetAll over a fixed property set, shared by every exported object.</summary>
internal static class PropertiesReplies
{
    /// <summary>Answers a Properties call for an object with one interface; false when it is not a Properties call.</summary>
    public static bool TryHandle(MethodContext context, string @interface, Dictionary<string, VariantValue> properties)
    {
        var request = context.Request;
        if (request.InterfaceAsString != BluezNames.Properties)
        {
            return false;
        }

        var reader = request.GetBodyReader();
        switch (request.MemberAsString)
        {
            case "GetAll" when request.SignatureAsString == "s":
                var asked = reader.ReadString();
                var writer = context.CreateReplyWriter("a{sv}");
                try
                {
                    writer.WriteDictionary(asked == @interface ? properties : new Dictionary<string, VariantValue>());
                    context.Reply(writer.CreateMessage());
                }
                finally
                {
                    writer.Dispose();
                }

                return true;
            case "Get" when request.SignatureAsString == "ss":
                var inInterface = reader.ReadString();
                var name = reader.ReadString();
                if (inInterface != @interface || !properties.TryGetValue(name, out var value))
                {
                    context.ReplyError(BluezNames.ErrorUnknownProperty, "no property " + inInterface + "." + name);
                    return true;
                }

                var single = context.CreateReplyWriter("v");
                try
                {
                    single.WriteVariant(value);
                    context.Reply(single.CreateMessage());
                }
                finally
                {
                    single.Dispose();
                }

                return true;
            default:
                context.ReplyError(BluezNames.ErrorNotSupported, "properties are read-only");
                return true;
        }
    }
}
