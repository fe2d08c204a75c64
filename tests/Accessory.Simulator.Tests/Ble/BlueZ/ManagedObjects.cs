using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>A GetManagedObjects reply read into path -> interface -> properties, as bluetoothd's client sees it.</summary>
internal static class ManagedObjects
{
    public static Dictionary<string, Dictionary<string, Dictionary<string, VariantValue>>> Read(Message message, object? state)
    {
        var objects = new Dictionary<string, Dictionary<string, Dictionary<string, VariantValue>>>(StringComparer.Ordinal);
        var reader = message.GetBodyReader();
        var end = reader.ReadDictionaryStart();
        while (reader.HasNext(end))
        {
            reader.AlignStruct();
            var path = reader.ReadObjectPathAsString();
            var interfaces = new Dictionary<string, Dictionary<string, VariantValue>>(StringComparer.Ordinal);
            var interfacesEnd = reader.ReadDictionaryStart();
            while (reader.HasNext(interfacesEnd))
            {
                reader.AlignStruct();
                var name = reader.ReadString();
                interfaces[name] = reader.ReadDictionaryOfStringToVariantValue();
            }

            objects[path] = interfaces;
        }

        return objects;
    }
}
