namespace Accessory.Phone.Ble;

/// <summary>
/// Protocomm over BLE as ESP-IDF's phone libraries do it: each endpoint is the characteristic whose 0x2901 user
/// description is its name; a request is a (long) write to it and the response a (long) read of it.
/// </summary>
public sealed class BleProtocommTransport : IProtocommTransport
{
    private readonly VirtualBleClient _client;
    private readonly Dictionary<string, int> _handles = new(StringComparer.Ordinal);

    public BleProtocommTransport(VirtualBleClient client)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
    }

    // The flow (and the security clients' handshake) is synchronous; the link's socket work has no context to block.
    public byte[] Post(string endpoint, byte[] body) => PostAsync(endpoint, body).GetAwaiter().GetResult();

    public async Task<byte[]> PostAsync(string endpoint, byte[] body, CancellationToken cancel = default)
    {
        int handle = await HandleOf(endpoint, cancel).ConfigureAwait(false);
        await _client.WriteAsync(handle, body, withResponse: true, cancel).ConfigureAwait(false);
        return await _client.ReadAsync(handle, cancel).ConfigureAwait(false);
    }

    private async Task<int> HandleOf(string endpoint, CancellationToken cancel)
    {
        if (!_handles.TryGetValue(endpoint, out int handle))
        {
            var characteristic = await _client.FindCharacteristicByDescriptionAsync(endpoint, cancel).ConfigureAwait(false)
                ?? throw new BleLinkException($"the device has no characteristic described as \"{endpoint}\"");
            handle = characteristic.ValueHandle;
            _handles[endpoint] = handle;
        }

        return handle;
    }
}
