using Accessory.Core.Ble;
using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>
/// Answers bluetoothd's calls into the application: GetManagedObjects at the root, Properties on every object, and
/// the value methods of characteristics and descriptors.
/// </summary>
internal sealed class GattApplicationHandler : IPathMethodHandler
{
    private readonly GattApplicationTree _tree;
    private readonly GattValueRequests _requests;

    public GattApplicationHandler(GattApplicationTree tree, GattValueRequests requests)
    {
        _tree = tree;
        _requests = requests;
    }

    public string Path => _tree.Root;

    public bool HandlesChildPaths => true;

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var path = request.PathAsString ?? string.Empty;
        if (path == _tree.Root)
        {
            if (request.InterfaceAsString == BluezNames.ObjectManager && request.MemberAsString == "GetManagedObjects")
            {
                ReplyManagedObjects(context);
            }
            else
            {
                context.ReplyUnknownMethodError();
            }

            return default;
        }

        var node = _tree.At(path);
        if (node == null || PropertiesReplies.TryHandle(context, node.Interface, node.Properties))
        {
            if (node == null)
            {
                context.ReplyUnknownMethodError();
            }

            return default;
        }

        if (request.InterfaceAsString != node.Interface || node.Interface == BluezNames.GattService)
        {
            context.ReplyUnknownMethodError();
            return default;
        }

        HandleValueMethod(context, node);
        return default;
    }

    private static void ReplyStatus(MethodContext context, GattStatus status)
    {
        if (status != GattStatus.Success)
        {
            context.ReplyError(GattStatusErrors.Name(status), GattStatusErrors.Message(status));
            return;
        }

        var writer = context.CreateReplyWriter(null);
        try
        {
            context.Reply(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void HandleValueMethod(MethodContext context, GattObjectNode node)
    {
        var request = context.Request;
        var reader = request.GetBodyReader();
        switch (request.MemberAsString, request.SignatureAsString)
        {
            case ("ReadValue", "a{sv}"):
                var result = _requests.Read(node, RequestOptions.From(reader.ReadDictionaryOfStringToVariantValue()));
                if (result.Status != GattStatus.Success)
                {
                    ReplyStatus(context, result.Status);
                    return;
                }

                var writer = context.CreateReplyWriter("ay");
                try
                {
                    writer.WriteArray(result.Value);
                    context.Reply(writer.CreateMessage());
                }
                finally
                {
                    writer.Dispose();
                }

                return;
            case ("WriteValue", "aya{sv}"):
                var value = reader.ReadArrayOfByte();
                ReplyStatus(context, _requests.Write(node, value, RequestOptions.From(reader.ReadDictionaryOfStringToVariantValue())));
                return;
            case ("StartNotify", "" or null) when node.Descriptor == null:
                ReplyStatus(context, _requests.Subscribe(node, on: true));
                return;
            case ("StopNotify", "" or null) when node.Descriptor == null:
                ReplyStatus(context, _requests.Subscribe(node, on: false));
                return;
            default:
                context.ReplyUnknownMethodError();
                return;
        }
    }

    private void ReplyManagedObjects(MethodContext context)
    {
        var writer = context.CreateReplyWriter("a{oa{sa{sv}}}");
        try
        {
            var objects = writer.WriteDictionaryStart();
            foreach (var node in _tree.Nodes)
            {
                writer.WriteDictionaryEntryStart();
                writer.WriteObjectPath(node.Path);
                var interfaces = writer.WriteDictionaryStart();
                writer.WriteDictionaryEntryStart();
                writer.WriteString(node.Interface);
                writer.WriteDictionary(node.Properties);
                writer.WriteDictionaryEnd(interfaces);
            }

            writer.WriteDictionaryEnd(objects);
            context.Reply(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }
}
