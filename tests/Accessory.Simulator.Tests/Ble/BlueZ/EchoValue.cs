using Accessory.Core.Ble;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>
/// Reads back what was written, per connection, assembling long writes (offset 0 starts a new value), and remembers
/// which connection wrote so tests can tell centrals apart.
/// </summary>
internal sealed class EchoValue : IGattValueHandler
{
    private readonly object _gate = new();
    private readonly Dictionary<int, byte[]> _byConnection = new();

    public IReadOnlyCollection<int> Writers
    {
        get
        {
            lock (_gate)
            {
                return _byConnection.Keys.ToArray();
            }
        }
    }

    public GattReadResult Read(GattConnection connection, int offset)
    {
        lock (_gate)
        {
            return GattReadResult.Ok(_byConnection.TryGetValue(connection.Id, out var value) ? value : Array.Empty<byte>());
        }
    }

    public GattStatus Write(GattConnection connection, int offset, byte[] data)
    {
        lock (_gate)
        {
            var current = offset == 0 ? Array.Empty<byte>() : _byConnection.GetValueOrDefault(connection.Id, Array.Empty<byte>());
            if (offset != current.Length)
            {
                return GattStatus.InvalidOffset;
            }

            _byConnection[connection.Id] = current.Concat(data).ToArray();
            return GattStatus.Success;
        }
    }
}
