using Accessory.Core.Text;
using Accessory.Phone;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>
/// TEST-ONLY: a phone's protocomm requests as bluetoothd delivers them to our application over D-Bus: endpoints found
/// by their 0x2901 descriptors in the registered tree, requests written in MTU-sized pieces with offsets, responses
/// read back with offsets, all for one "device" (one central).
/// </summary>
internal sealed class BluezProtocommTransport : IProtocommTransport
{
    private const string Descriptor = "org.bluez.GattDescriptor1";
    private const int Mtu = 23;
    private readonly FakeBluezGattClient _client;
    private readonly string _device;
    private readonly Dictionary<string, string> _endpoints = new(StringComparer.Ordinal);

    private BluezProtocommTransport(FakeBluezGattClient client, string device)
    {
        _client = client;
        _device = device;
    }

    public static async Task<BluezProtocommTransport> CreateAsync(FakeBluezGattClient client, FakeBluezAdapter adapter, string device)
    {
        var transport = new BluezProtocommTransport(client, device);
        foreach (var (path, interfaces) in adapter.ApplicationObjects!)
        {
            if (interfaces.TryGetValue(Descriptor, out var descriptor) && descriptor["UUID"].GetString() == "00002901-0000-1000-8000-00805f9b34fb")
            {
                var name = Utf8.Decode(await client.ReadValueAsync(path, FakeBluezGattClient.Options(device: device), Descriptor));
                transport._endpoints[name] = descriptor["Characteristic"].GetObjectPathAsString();
            }
        }

        return transport;
    }

    public IReadOnlyCollection<string> Endpoints => _endpoints.Keys;

    // ProvisioningClient is synchronous; the D-Bus calls complete on the connection's threads, not the caller's.
    public byte[] Post(string endpoint, byte[] body) => PostAsync(endpoint, body).GetAwaiter().GetResult();

    private async Task<byte[]> PostAsync(string endpoint, byte[] body)
    {
        var path = _endpoints[endpoint];
        int piece = Mtu - 3;
        for (int offset = 0; offset == 0 || offset < body.Length; offset += piece)
        {
            var chunk = body.AsSpan(offset, Math.Min(piece, body.Length - offset)).ToArray();
            await _client.WriteValueAsync(path, chunk, FakeBluezGattClient.Options(offset: offset, mtu: Mtu, device: _device)).ConfigureAwait(false);
        }

        var response = new List<byte>();
        for (int round = 0; round < 64; round++)
        {
            var part = await _client.ReadValueAsync(path, FakeBluezGattClient.Options(offset: response.Count, mtu: Mtu, device: _device)).ConfigureAwait(false);
            response.AddRange(part);
            if (part.Length < Mtu - 1)
            {
                break;
            }
        }

        return response.ToArray();
    }
}
