using System.Collections.Concurrent;
using Accessory.Core.Ble;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>Reads back what this connection wrote, assembling long writes; per connection, so links can be told apart.</summary>
internal sealed class EchoValueHandler : IGattValueHandler, IGattConnectionObserver
{
    private readonly ConcurrentDictionary<int, byte[]> _values = new();

    public int ConnectionsWithState => _values.Count;

    public GattReadResult Read(GattConnection connection, int offset) => GattReadResult.Ok(_values.GetValueOrDefault(connection.Id, []));

    public GattStatus Write(GattConnection connection, int offset, byte[] data)
    {
        var held = _values.GetValueOrDefault(connection.Id, []);
        if (offset != 0 && offset != held.Length)
        {
            return GattStatus.InvalidOffset;
        }

        _values[connection.Id] = offset == 0 ? data : [.. held, .. data];
        return GattStatus.Success;
    }

    public void Disconnected(GattConnection connection) => _values.TryRemove(connection.Id, out _);
}
