using System.Collections.Concurrent;
using Accessory.Core.Ble;
using Accessory.Core.Provisioning;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>
/// A stand-in for the device profile's provisioning characteristic (another branch): assembles a connection's write
/// pieces and runs the request through the core's protocomm router on the read that follows them.
/// </summary>
internal sealed class ProtocommGattHandler(ProtocommRouter router, string endpoint) : IGattValueHandler, IGattConnectionObserver
{
    private readonly ConcurrentDictionary<int, byte[]> _requests = new();
    private readonly ConcurrentDictionary<int, byte[]> _responses = new();

    public GattStatus Write(GattConnection connection, int offset, byte[] data)
    {
        // A BLE connection is one protocomm session, opened when its handshake starts (as the HTTP server does per socket).
        if (endpoint == EndpointNames.Session && offset == 0 && !_requests.ContainsKey(connection.Id) && !_responses.ContainsKey(connection.Id))
        {
            router.OpenSession((uint)connection.Id);
        }

        var held = offset == 0 ? [] : _requests.GetValueOrDefault(connection.Id, []);
        if (offset != held.Length)
        {
            return GattStatus.InvalidOffset;
        }

        _requests[connection.Id] = [.. held, .. data];
        return GattStatus.Success;
    }

    public GattReadResult Read(GattConnection connection, int offset)
    {
        if (offset == 0 && _requests.TryRemove(connection.Id, out var request))
        {
            var response = router.Handle((uint)connection.Id, endpoint, request);
            if (response.Outcome != ProtocommOutcome.Ok)
            {
                return GattReadResult.Error(GattStatus.UnlikelyError);
            }

            _responses[connection.Id] = response.Body;
        }

        return GattReadResult.Ok(_responses.GetValueOrDefault(connection.Id, []));
    }

    public void Disconnected(GattConnection connection)
    {
        _requests.TryRemove(connection.Id, out _);
        _responses.TryRemove(connection.Id, out _);
    }
}
