using Accessory.Core.Ble;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>
/// One core connection per remote central, keyed by the "device" object path bluetoothd passes with each request,
/// so handlers keep per-central state (MTU, partial long writes) apart.
/// </summary>
internal sealed class CentralConnections
{
    private readonly object _gate = new();
    private readonly Dictionary<string, GattConnection> _byDevice = new(StringComparer.Ordinal);
    private readonly GattServer _server;
    private readonly IGattPeer _peer;

    public CentralConnections(GattServer server, IGattPeer peer)
    {
        _server = server;
        _peer = peer;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byDevice.Count;
            }
        }
    }

    /// <summary>The Device1 object paths of the centrals that made requests and have not disconnected.</summary>
    public string[] Devices
    {
        get
        {
            lock (_gate)
            {
                return _byDevice.Keys.ToArray();
            }
        }
    }

    /// <summary>The central's connection, created on its first request; an "mtu" option is its MTU exchange.</summary>
    public GattConnection For(string device, int? mtu)
    {
        GattConnection? connection;
        lock (_gate)
        {
            if (!_byDevice.TryGetValue(device, out connection))
            {
                connection = _server.Connect(_peer);
                _byDevice.Add(device, connection);
            }
        }

        if (mtu.HasValue)
        {
            _server.ExchangeMtu(connection, mtu.Value);
        }

        return connection;
    }

    /// <summary>Ends the central's connection (it disconnected); false when it never made a request.</summary>
    public bool Disconnect(string device)
    {
        GattConnection? connection;
        lock (_gate)
        {
            if (!_byDevice.Remove(device, out connection))
            {
                return false;
            }
        }

        _server.Disconnect(connection);
        return true;
    }

    public void DisconnectAll()
    {
        GattConnection[] all;
        lock (_gate)
        {
            all = _byDevice.Values.ToArray();
            _byDevice.Clear();
        }

        foreach (var connection in all)
        {
            _server.Disconnect(connection);
        }
    }
}
