using Accessory.Core.Ble;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>
/// ReadValue/WriteValue/StartNotify/StopNotify against the core server. Reads and writes run on the calling central's
/// connection. StartNotify carries no device: bluetoothd calls it once for all centrals and fans the Value signal out
/// itself, so subscriptions live on one connection standing for bluetoothd, at the largest MTU (bluetoothd cuts each
/// notification to the receiving central's MTU).
/// </summary>
internal sealed class GattValueRequests
{
    private readonly GattServer _server;
    private readonly CentralConnections _centrals;
    private readonly GattConnection _notifier;

    public GattValueRequests(GattServer server, IGattPeer peer)
    {
        _server = server;
        _centrals = new CentralConnections(server, peer);
        _notifier = server.Connect(peer);
        server.ExchangeMtu(_notifier, GattConnection.MaxMtu);
    }

    public CentralConnections Centrals => _centrals;

    /// <summary>Asked before each write; true drops the writing central instead (ble.disconnect).</summary>
    public Func<bool>? DropOnWrite { get; set; }

    /// <summary>Raised with a central's Device1 path when its link must be dropped.</summary>
    public event Action<string>? DropRequested;

    public GattReadResult Read(GattObjectNode node, RequestOptions options)
    {
        var connection = _centrals.For(options.Device, options.Mtu);
        return _server.Read(connection, node.Handle, options.Offset);
    }

    public GattStatus Write(GattObjectNode node, byte[] value, RequestOptions options)
    {
        if (DropOnWrite?.Invoke() == true)
        {
            // The central is about to lose the link; bluetoothd never relays this answer to it.
            DropRequested?.Invoke(options.Device);
            return GattStatus.UnlikelyError;
        }

        var connection = _centrals.For(options.Device, options.Mtu);
        if (options.PrepareAuthorize)
        {
            // Only an authorization check before a prepared write; the data arrives again in the execute phase.
            return GattStatus.Success;
        }

        return _server.Write(connection, node.Handle, options.Offset, value);
    }

    public GattStatus Subscribe(GattObjectNode node, bool on) => _server.Subscribe(_notifier, node.Handle, on);

    public void Close()
    {
        _centrals.DisconnectAll();
        _server.Disconnect(_notifier);
    }
}
