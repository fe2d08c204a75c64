using System.CommandLine;
using System.Net.Sockets;
using Accessory.Phone.Ble;

namespace Accessory.Simulator.Cli;

/// <summary>`accessory-sim ble ...`: a phone's view of a device over the virtual BLE link.</summary>
internal static class BleCommand
{
    public static Command Create()
    {
        var scan = new Command("scan", "Show what a scan sees: local name, service UUIDs, service data.") { BleCliOptions.Socket };
        scan.SetAction((result, cancel) => WithClient(result, async client =>
        {
            var ad = client.Advertisement;
            Console.Out.WriteLine($"name:     {ad.LocalName}");
            foreach (var uuid in ad.ServiceUuids)
            {
                Console.Out.WriteLine($"service:  {uuid}");
            }

            foreach (var (uuid, data) in ad.ServiceData)
            {
                Console.Out.WriteLine($"data:     {uuid} {Convert.ToHexStringLower(data)}");
            }

            return await Task.FromResult(0).ConfigureAwait(false);
        }, cancel));

        var gatt = new Command("gatt", "List services, characteristics and descriptors with handles, properties and user descriptions.") { BleCliOptions.Socket };
        gatt.SetAction((result, cancel) => WithClient(result, async client =>
        {
            await client.DiscoverAsync(cancel).ConfigureAwait(false);
            await BleGattTable.WriteAsync(client, Console.Out, cancel).ConfigureAwait(false);
            return 0;
        }, cancel));

        var readUuid = new Argument<string>("uuid") { Description = "Characteristic UUID (128-bit, or 4 hex digits for a SIG one)." };
        var read = new Command("read", "Read a characteristic's whole value (long read) and print it as hex.") { BleCliOptions.Socket, readUuid };
        read.SetAction((result, cancel) => WithClient(result, async client =>
        {
            var characteristic = await FindAsync(client, result.GetValue(readUuid)!, cancel).ConfigureAwait(false);
            var value = await client.ReadAsync(characteristic.ValueHandle, cancel).ConfigureAwait(false);
            Console.Out.WriteLine(Convert.ToHexStringLower(value));
            return 0;
        }, cancel));

        var writeUuid = new Argument<string>("uuid") { Description = "Characteristic UUID (128-bit, or 4 hex digits for a SIG one)." };
        var hex = new Argument<string>("hex") { Description = "The value as hex digits, e.g. 0a0b." };
        var write = new Command("write", "Write a value (long write in MTU-sized pieces when needed).") { BleCliOptions.Socket, writeUuid, hex };
        write.SetAction((result, cancel) => WithClient(result, async client =>
        {
            byte[] value;
            try
            {
                value = Convert.FromHexString(result.GetValue(hex)!);
            }
            catch (FormatException)
            {
                await Console.Error.WriteLineAsync("error: the value must be an even number of hex digits").ConfigureAwait(false);
                return 2;
            }

            var characteristic = await FindAsync(client, result.GetValue(writeUuid)!, cancel).ConfigureAwait(false);
            await client.WriteAsync(characteristic.ValueHandle, value, withResponse: true, cancel).ConfigureAwait(false);
            Console.Out.WriteLine($"wrote {value.Length} bytes to handle {characteristic.ValueHandle}");
            return 0;
        }, cancel));

        return new Command("ble", "Talk to a simulated device over its virtual BLE link, as a phone would.")
        {
            scan, gatt, read, write, BleProvisionCommand.Create(),
        };
    }

    /// <summary>Connects (with a 512-byte MTU, as phones ask for), runs the action, reports link errors plainly.</summary>
    public static async Task<int> WithClient(ParseResult result, Func<VirtualBleClient, Task<int>> action, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(action);
        string socket = result.GetValue(BleCliOptions.Socket)!;
        try
        {
            await using var client = await VirtualBleClient.ConnectAsync(socket, cancel).ConfigureAwait(false);
            await client.ExchangeMtuAsync(512, cancel).ConfigureAwait(false);
            return await action(client).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            await Console.Error.WriteLineAsync($"error: cannot connect to {socket}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (BleLinkException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<RemoteCharacteristic> FindAsync(VirtualBleClient client, string uuid, CancellationToken cancel)
    {
        if (UuidText.Normalize(uuid) == null)
        {
            throw new BleLinkException($"'{uuid}' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx or 4 hex digits)");
        }

        await client.DiscoverAsync(cancel).ConfigureAwait(false);
        return client.FindCharacteristic(uuid) ?? throw new BleLinkException($"the device has no characteristic {UuidText.Normalize(uuid)}");
    }
}
