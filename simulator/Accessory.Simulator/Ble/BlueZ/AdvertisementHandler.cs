using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>The LEAdvertisement1 object bluetoothd reads (Properties.GetAll) and releases when it drops the advertisement.</summary>
internal sealed class AdvertisementHandler : IPathMethodHandler
{
    private static readonly string[] TxPowerOnly = ["tx-power"];
    private readonly Dictionary<string, VariantValue> _properties;
    private int _released;

    public AdvertisementHandler(string path, BleAdvertisementData data)
    {
        Path = path;
        _properties = Describe(data);
    }

    public string Path { get; }

    public bool HandlesChildPaths => false;

    /// <summary>bluetoothd called Release: the advertisement is gone and must not be unregistered again.</summary>
    public bool Released => Volatile.Read(ref _released) != 0;

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PropertiesReplies.TryHandle(context, BluezNames.Advertisement, _properties))
        {
            return default;
        }

        if (context.Request.InterfaceAsString == BluezNames.Advertisement && context.Request.MemberAsString == "Release")
        {
            Volatile.Write(ref _released, 1);
            var writer = context.CreateReplyWriter(null);
            try
            {
                context.Reply(writer.CreateMessage());
            }
            finally
            {
                writer.Dispose();
            }

            return default;
        }

        context.ReplyUnknownMethodError();
        return default;
    }

    private static Dictionary<string, VariantValue> Describe(BleAdvertisementData data)
    {
        var properties = new Dictionary<string, VariantValue> { ["Type"] = VariantValue.String("peripheral") };
        if (!string.IsNullOrEmpty(data.LocalName))
        {
            properties["LocalName"] = VariantValue.String(data.LocalName);
        }

        if (data.ServiceUuids.Count > 0)
        {
            properties["ServiceUUIDs"] = VariantValue.Array(data.ServiceUuids.ToArray());
        }

        if (data.ServiceData.Count > 0)
        {
            var serviceData = new Dict<string, VariantValue>();
            foreach (var (uuid, bytes) in data.ServiceData)
            {
                serviceData.Add(uuid, VariantValue.Array(bytes));
            }

            properties["ServiceData"] = serviceData;
        }

        if (data.IncludeTxPower)
        {
            properties["Includes"] = VariantValue.Array(TxPowerOnly);
        }

        return properties;
    }
}
