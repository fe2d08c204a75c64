using Accessory.Core.Ble;
using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>
/// The GATT database laid out as BlueZ expects an application: root/serviceN/charN/descN. No 0x2902 objects:
/// bluetoothd adds the client configuration itself for characteristics flagged "notify" or "indicate".
/// </summary>
internal sealed class GattApplicationTree
{
    private static readonly string[] ReadOnlyFlags = ["read"];
    private readonly List<GattObjectNode> _nodes = new();

    public GattApplicationTree(string root, GattDatabase database)
    {
        Root = root;
        var services = database.Services;
        for (int s = 0; s < services.Length; s++)
        {
            AddService(root + "/service" + s, services[s]);
        }
    }

    public string Root { get; }

    public IReadOnlyList<GattObjectNode> Nodes => _nodes;

    public GattObjectNode? At(string path) => _nodes.Find(n => n.Path == path);

    public GattObjectNode? CharacteristicAt(int valueHandle) =>
        _nodes.Find(n => n.Characteristic != null && n.Characteristic.Handle == valueHandle);

    private static string[] Flags(GattProperty properties)
    {
        var flags = new List<string>();
        if ((properties & GattProperty.Read) != 0)
        {
            flags.Add("read");
        }

        if ((properties & GattProperty.Write) != 0)
        {
            flags.Add("write");
        }

        if ((properties & GattProperty.WriteWithoutResponse) != 0)
        {
            flags.Add("write-without-response");
        }

        if ((properties & GattProperty.Notify) != 0)
        {
            flags.Add("notify");
        }

        if ((properties & GattProperty.Indicate) != 0)
        {
            flags.Add("indicate");
        }

        return flags.ToArray();
    }

    private static ObjectPath[] Paths(string parent, string child, int count) =>
        Enumerable.Range(0, count).Select(i => new ObjectPath(parent + "/" + child + i)).ToArray();

    private void AddService(string path, GattService service)
    {
        var characteristics = service.Characteristics;
        _nodes.Add(new GattObjectNode(path, BluezNames.GattService, new Dictionary<string, VariantValue>
        {
            ["UUID"] = VariantValue.String(service.Uuid.ToString()),
            ["Primary"] = VariantValue.Bool(true),
            ["Characteristics"] = VariantValue.Array(Paths(path, "char", characteristics.Length)),
        }));
        for (int c = 0; c < characteristics.Length; c++)
        {
            AddCharacteristic(path, path + "/char" + c, characteristics[c]);
        }
    }

    private void AddCharacteristic(string servicePath, string path, GattCharacteristic characteristic)
    {
        var descriptors = characteristic.Descriptors;
        var properties = new Dictionary<string, VariantValue>
        {
            ["UUID"] = VariantValue.String(characteristic.Uuid.ToString()),
            ["Service"] = VariantValue.ObjectPath(new ObjectPath(servicePath)),
            ["Flags"] = VariantValue.Array(Flags(characteristic.Properties)),
            ["Descriptors"] = VariantValue.Array(Paths(path, "desc", descriptors.Length)),
        };
        _nodes.Add(new GattObjectNode(path, BluezNames.GattCharacteristic, properties, characteristic));
        for (int d = 0; d < descriptors.Length; d++)
        {
            _nodes.Add(new GattObjectNode(
                path + "/desc" + d,
                BluezNames.GattDescriptor,
                new Dictionary<string, VariantValue>
                {
                    ["UUID"] = VariantValue.String(descriptors[d].Uuid.ToString()),
                    ["Characteristic"] = VariantValue.ObjectPath(new ObjectPath(path)),
                    ["Flags"] = VariantValue.Array(ReadOnlyFlags),
                },
                characteristic,
                descriptors[d]));
        }
    }
}
