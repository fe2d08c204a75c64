using System.Text;
using Accessory.Phone.Ble;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// A phone provisioning over Improv Wi-Fi (improv-wifi.com, BLE): written from the spec, not shared with the core, so
/// a framing mistake on the device cannot hide behind the same one here. Ends with one outcome word: Connected,
/// UnableToConnect, NotAuthorized, InvalidRpc, UnknownRpc, TransportError or Timeout.
/// </summary>
internal static class ImprovPhoneFlow
{
    private const string StateUuid = "00467768-6228-2272-4663-277478268001";
    private const string ErrorUuid = "00467768-6228-2272-4663-277478268002";
    private const string CommandUuid = "00467768-6228-2272-4663-277478268003";
    private const string ResultUuid = "00467768-6228-2272-4663-277478268004";
    private const byte WifiSettings = 0x01;

    private static readonly string[] States = ["0x00", "AuthorizationRequired", "Authorized", "Provisioning", "Provisioned"];
    private static readonly string[] Errors = ["NoError", "InvalidRpc", "UnknownRpc", "UnableToConnect", "NotAuthorized"];

    public static async Task<string> RunAsync(string socket, byte[] ssid, string passphrase, TimeSpan timeout, Action<string> wire, CancellationToken cancel)
    {
        VirtualBleClient client;
        try
        {
            client = await VirtualBleClient.ConnectAsync(socket, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or BleLinkException or IOException)
        {
            wire("improv: cannot connect: " + e.Message);
            return "TransportError";
        }

        await using (client.ConfigureAwait(false))
        {
            try
            {
                wire($"improv: connected, MTU {await client.ExchangeMtuAsync(512, cancel).ConfigureAwait(false)}");
                await client.DiscoverAsync(cancel).ConfigureAwait(false);
                var state = client.FindCharacteristic(StateUuid);
                var error = client.FindCharacteristic(ErrorUuid);
                var command = client.FindCharacteristic(CommandUuid);
                var result = client.FindCharacteristic(ResultUuid);
                if (state == null || error == null || command == null || result == null)
                {
                    wire("improv: the device serves no Improv service");
                    return "TransportError";
                }

                await client.SubscribeAsync(state.ValueHandle, cancel: cancel).ConfigureAwait(false);
                await client.SubscribeAsync(error.ValueHandle, cancel: cancel).ConfigureAwait(false);
                await client.SubscribeAsync(result.ValueHandle, cancel: cancel).ConfigureAwait(false);
                byte current = Single(await client.ReadAsync(state.ValueHandle, cancel).ConfigureAwait(false));
                wire("improv: state " + Name(States, current));

                byte[] packet = Packet(ssid, passphrase);
                wire($"improv > RPC send Wi-Fi settings ssid \"{Encoding.UTF8.GetString(ssid)}\" ({packet.Length} B; passphrase not shown)");
                await client.WriteAsync(command.ValueHandle, packet, cancel: cancel).ConfigureAwait(false);

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                wait.CancelAfter(timeout);
                while (true)
                {
                    BleNotification n;
                    try
                    {
                        n = await client.Notifications.ReadAsync(wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        wire("improv: no final state before the timeout");
                        return "Timeout";
                    }

                    if (n.ValueHandle == state.ValueHandle && n.Value.Length == 1)
                    {
                        wire("improv < state " + Name(States, n.Value[0]));
                        if (n.Value[0] == 0x04)
                        {
                            // The whole result by a read: a notification holds at most MTU - 3 bytes.
                            var urls = Strings(await client.ReadAsync(result.ValueHandle, cancel).ConfigureAwait(false));
                            wire("improv < result: " + (urls.Count == 0 ? "(no redirect URL)" : string.Join(", ", urls)));
                            return "Connected";
                        }
                    }
                    else if (n.ValueHandle == error.ValueHandle && n.Value.Length == 1 && n.Value[0] != 0)
                    {
                        wire("improv < error " + Name(Errors, n.Value[0]));
                        return n.Value[0] < Errors.Length ? Errors[n.Value[0]] : "Unknown";
                    }
                }
            }
            catch (Exception e) when (e is BleLinkException or IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                wire("improv: link lost: " + e.Message);
                return "TransportError";
            }
        }
    }

    private static string Name(string[] names, byte value) => value < names.Length ? names[value] : $"0x{value:x2}";

    private static byte Single(byte[] value) => value.Length == 1 ? value[0] : throw new BleLinkException($"an Improv state of {value.Length} bytes");

    // command, data length, data (ssid length, ssid, passphrase length, passphrase), checksum (sum of the bytes before).
    private static byte[] Packet(byte[] ssid, string passphrase)
    {
        byte[] p = Encoding.UTF8.GetBytes(passphrase);
        byte[] data = [(byte)ssid.Length, .. ssid, (byte)p.Length, .. p];
        byte[] body = [WifiSettings, (byte)data.Length, .. data];
        int sum = 0;
        foreach (byte b in body)
        {
            sum += b;
        }

        return [.. body, (byte)sum];
    }

    private static List<string> Strings(byte[] packet)
    {
        var strings = new List<string>();
        if (packet.Length < 3 || packet.Length != packet[1] + 3)
        {
            return strings;
        }

        for (int at = 2; at < 2 + packet[1] && at + 1 + packet[at] <= 2 + packet[1]; at += 1 + packet[at])
        {
            strings.Add(Encoding.UTF8.GetString(packet, at + 1, packet[at]));
        }

        return strings;
    }
}
