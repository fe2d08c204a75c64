using Accessory.Core.Text;

namespace Accessory.Core.Ble.Advertising;

/// <summary>
/// Legacy (31-byte) advertising payloads for a radio without BlueZ. The advertising packet carries flags, the
/// service data (Improv wants it in the advertisement itself, not the scan response) and as many 128-bit service
/// UUIDs as fit; the scan response carries the name and the UUIDs that did not fit before.
/// </summary>
public static class BleAdvertisingData
{
    public const int MaxLength = 31;

    private const byte Flags = 0x01;
    private const byte Complete128 = 0x07;
    private const byte CompleteName = 0x09;
    private const byte ServiceData16 = 0x16;

    // LE General Discoverable, BR/EDR not supported.
    private const byte DiscoverableLeOnly = 0x06;

    public static byte[] Advertising(BleAdvertisement advertisement) => Encode(advertisement, true);

    public static byte[] ScanResponse(BleAdvertisement advertisement) => Encode(advertisement, false);

    private static byte[] Encode(BleAdvertisement advertisement, bool primary)
    {
        var bytes = new ByteBuilder();
        var uuids = advertisement.ServiceUuids;
        int uuidsInPrimary = 0;
        if (primary)
        {
            bytes.Append(new byte[] { 2, Flags, DiscoverableLeOnly });
            var data = advertisement.ServiceData;
            for (int i = 0; i < data.Length; i++)
            {
                if (bytes.Length + 4 + data[i].Data.Length <= MaxLength)
                {
                    bytes.Append((byte)(3 + data[i].Data.Length));
                    bytes.Append(ServiceData16);
                    bytes.Append((byte)data[i].Uuid16);
                    bytes.Append((byte)(data[i].Uuid16 >> 8));
                    bytes.Append(data[i].Data);
                }
            }

            AppendUuids(bytes, uuids, 0, out uuidsInPrimary);
            return bytes.ToArray();
        }

        var name = Utf8.Encode(advertisement.LocalName);
        bytes.Append((byte)(1 + name.Length));
        bytes.Append(CompleteName);
        bytes.Append(name);
        var probe = new ByteBuilder();
        probe.Append(new byte[] { 2, Flags, DiscoverableLeOnly });
        var serviceData = advertisement.ServiceData;
        for (int i = 0; i < serviceData.Length; i++)
        {
            if (probe.Length + 4 + serviceData[i].Data.Length <= MaxLength)
            {
                probe.Append(new byte[4 + serviceData[i].Data.Length]);
            }
        }

        AppendUuids(probe, uuids, 0, out uuidsInPrimary);
        AppendUuids(bytes, uuids, uuidsInPrimary, out _);
        return bytes.ToArray();
    }

    /// <summary>Appends one "complete list" AD of the UUIDs from <paramref name="first"/> that fit.</summary>
    private static void AppendUuids(ByteBuilder bytes, BleUuid[] uuids, int first, out int end)
    {
        end = first;
        int room = (MaxLength - bytes.Length - 2) / 16;
        int count = uuids.Length - first < room ? uuids.Length - first : room;
        if (count <= 0)
        {
            return;
        }

        bytes.Append((byte)(1 + (16 * count)));
        bytes.Append(Complete128);
        for (int i = first; i < first + count; i++)
        {
            bytes.Append(uuids[i].ToAttBytes());
        }

        end = first + count;
    }
}
