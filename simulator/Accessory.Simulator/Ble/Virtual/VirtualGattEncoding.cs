using System.Text;
using Accessory.Core.Ble;

namespace Accessory.Simulator.Ble.Virtual;

/// <summary>The hello (advertisement) and discover payloads, built from the advertisement and the attribute table.</summary>
internal static class VirtualGattEncoding
{
    /// <summary>Checked once at server construction, so a profile that cannot be advertised fails loudly and early.</summary>
    public static byte[] Advertisement(VirtualAdvertisement advertisement)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        if (Encoding.UTF8.GetByteCount(advertisement.LocalName) > 255)
        {
            throw new ArgumentException("the local name is longer than 255 UTF-8 bytes");
        }

        if (advertisement.ServiceUuids.Count > 255 || advertisement.ServiceData.Count > 255)
        {
            throw new ArgumentException("an advertisement lists at most 255 service UUIDs and 255 service data entries");
        }

        var writer = new BigEndianWriter().ShortString(advertisement.LocalName).U8(advertisement.ServiceUuids.Count);
        foreach (var uuid in advertisement.ServiceUuids)
        {
            writer.Bytes(BleUuid.Parse(uuid).Bytes);
        }

        writer.U8(advertisement.ServiceData.Count);
        foreach (var (uuid, data) in advertisement.ServiceData)
        {
            if (data.Length > 0xFFFF)
            {
                throw new ArgumentException($"service data for {uuid} is longer than 65535 bytes");
            }

            writer.Bytes(BleUuid.Parse(uuid).Bytes).U16(data.Length).Bytes(data);
        }

        return writer.ToArray();
    }

    public static byte[] Discovery(GattDatabase database)
    {
        var services = database.Services;
        var writer = new BigEndianWriter().U8(services.Length);
        foreach (var service in services)
        {
            var characteristics = service.Characteristics;
            writer.U16(service.Handle).U16(service.EndHandle).Bytes(service.Uuid.Bytes).U8(characteristics.Length);
            foreach (var characteristic in characteristics)
            {
                var descriptors = characteristic.Descriptors;
                int count = descriptors.Length + (characteristic.ConfigurationHandle != 0 ? 1 : 0);
                writer.U16(characteristic.Handle - 1).U16(characteristic.Handle).U8((int)characteristic.Properties)
                    .Bytes(characteristic.Uuid.Bytes).U8(count);
                if (characteristic.ConfigurationHandle != 0)
                {
                    writer.U16(characteristic.ConfigurationHandle).Bytes(BleUuid.FromShort(GattDatabase.ClientConfiguration).Bytes);
                }

                foreach (var descriptor in descriptors)
                {
                    writer.U16(descriptor.Handle).Bytes(descriptor.Uuid.Bytes);
                }
            }
        }

        return writer.ToArray();
    }
}
