using System.Collections;
using Accessory.Core.Text;

namespace Accessory.Core.Ble.Advertising;

/// <summary>
/// What the device advertises, as plain data: a transport maps it to BlueZ's LEAdvertisement1 (LocalName,
/// ServiceUUIDs, ServiceData) or encodes it for its own radio with <see cref="BleAdvertisingData"/>.
/// </summary>
public sealed class BleAdvertisement
{
    /// <summary>A scan response holds 31 bytes; the name's AD header takes two.</summary>
    public const int MaxLocalNameBytes = 29;

    private readonly ArrayList _serviceUuids = new ArrayList();
    private readonly ArrayList _serviceData = new ArrayList();

    public BleAdvertisement(string localName)
    {
        LocalName = Truncate(localName ?? string.Empty);
    }

    /// <summary>The name, cut to 29 UTF-8 bytes without splitting a character.</summary>
    public string LocalName { get; }

    public BleUuid[] ServiceUuids
    {
        get
        {
            var all = new BleUuid[_serviceUuids.Count];
            _serviceUuids.CopyTo(all);
            return all;
        }
    }

    public BleServiceData[] ServiceData
    {
        get
        {
            var all = new BleServiceData[_serviceData.Count];
            _serviceData.CopyTo(all);
            return all;
        }
    }

    public BleAdvertisement AddServiceUuid(BleUuid uuid)
    {
        _serviceUuids.Add(uuid);
        return this;
    }

    public BleAdvertisement AddServiceData(int uuid16, byte[] data)
    {
        _serviceData.Add(new BleServiceData(uuid16, data));
        return this;
    }

    private static string Truncate(string name)
    {
        var bytes = Utf8.Encode(name);
        if (bytes.Length <= MaxLocalNameBytes)
        {
            return name;
        }

        int end = MaxLocalNameBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return Utf8.Decode(bytes, 0, end);
    }
}
