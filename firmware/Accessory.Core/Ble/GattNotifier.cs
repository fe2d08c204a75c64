namespace Accessory.Core.Ble;

/// <summary>
/// Lets a service notify before the server exists: services are built first, the database and server from them,
/// so a service gets its server late through <see cref="Attach"/>; until then changes are only held as values.
/// </summary>
public sealed class GattNotifier
{
    private GattServer? _server;

    public void Attach(GattServer server) => _server = server;

    /// <summary>Notifies subscribers; returns how many were notified (0 before <see cref="Attach"/>).</summary>
    public int Notify(GattCharacteristic characteristic, byte[] value)
    {
        var server = _server;
        return server == null ? 0 : server.Notify(characteristic, value);
    }
}
