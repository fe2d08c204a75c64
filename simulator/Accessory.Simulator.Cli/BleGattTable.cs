using System.Text;
using Accessory.Phone.Ble;

namespace Accessory.Simulator.Cli;

/// <summary>The `ble gatt` listing: services, characteristics and descriptors with handles and user descriptions.</summary>
internal static class BleGattTable
{
    private static readonly string UserDescription = UuidText.FromShort(0x2901);

    public static async Task WriteAsync(VirtualBleClient client, TextWriter output, CancellationToken cancel)
    {
        foreach (var service in client.Services)
        {
            await output.WriteLineAsync($"service {service.Uuid}  handles {service.Handle}..{service.EndHandle}").ConfigureAwait(false);
            foreach (var characteristic in service.Characteristics)
            {
                string description = await DescriptionAsync(client, characteristic, cancel).ConfigureAwait(false);
                await output.WriteLineAsync(
                    $"  characteristic {characteristic.Uuid}  handle {characteristic.ValueHandle,-4} {characteristic.PropertyNames,-32} {description}").ConfigureAwait(false);
                foreach (var descriptor in characteristic.Descriptors)
                {
                    await output.WriteLineAsync($"    descriptor {descriptor.Uuid}  handle {descriptor.Handle}").ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task<string> DescriptionAsync(VirtualBleClient client, RemoteCharacteristic characteristic, CancellationToken cancel)
    {
        var descriptor = characteristic.Descriptors.FirstOrDefault(d => d.Uuid == UserDescription);
        return descriptor == null ? "" : "\"" + Encoding.UTF8.GetString(await client.ReadAsync(descriptor.Handle, cancel).ConfigureAwait(false)) + "\"";
    }
}
