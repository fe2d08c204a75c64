using System.Net.Sockets;
using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// One fleet device's local API: the simulator's <see cref="LocalApiServer"/> (HTTPS, the core's router for
/// /api/v1/*, the events WebSocket, the token and Host/Origin checks) on the device's own port, with the group's
/// certificate. The port is bound when the device is built, so a port held by another program fails the fleet before
/// any device starts; then, as for a single device, it listens only while the device is online.
/// </summary>
public sealed class FleetDeviceLocalApi : IDisposable
{
    private readonly AccessoryDevice _core;
    private readonly LocalApiServer _server;
    private readonly DeviceStateChangedHandler _changing;
    private readonly DeviceStateChangedHandler _changed;
    private int _disposed;

    /// <exception cref="FleetPortException">The port cannot be bound (in use, or not allowed).</exception>
    public FleetDeviceLocalApi(AccessoryDevice core, FleetLocalApiGroup group, int port, IClock clock, ILog log)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(group);
        _core = core;
        Port = port;
        var options = new LocalApiOptions
        {
            BindAddress = group.Spec.BindAddress,
            HttpsPort = port,
            Model = group.Group.Model,
            FirmwareVersion = group.Group.FirmwareVersion,
        };
        var names = DeviceCertificate.HostNamesFor(FleetMdns.HostLabelOf(core.Identity.DeviceId));
        var access = new ApiAccessGuard(core.ApiToken, new Accessory.Core.Http.BrowserRequestGuard(names), clock, log);
        _server = new LocalApiServer(options, core.LocalApiRouter, core.Lamp, group.Faults, group.Tls, log, access, ownsTls: false);
        try
        {
            _server.Start();
        }
        catch (SocketException e)
        {
            _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new FleetPortException("local API", "https_port_base", "local API device", group.Spec.BindAddress, port, core.Identity.DeviceId, e);
        }

        // Not on its network yet: nothing answers until the lifecycle reaches Online.
        _server.GoOffline();

        // Listening before the state reads online, as a single device does: a client that calls the moment it sees
        // "online" (MQTT state, mDNS TXT) is accepted, never refused.
        _changing = (from, to, _) =>
        {
            if (to == DeviceState.Online && from != DeviceState.Online && Volatile.Read(ref _disposed) == 0)
            {
                _server.GoOnline();
            }
        };
        _changed = (from, to, _) =>
        {
            if (from == DeviceState.Online && to != DeviceState.Online)
            {
                _server.GoOffline();
            }
        };
        core.Lifecycle.StateChanging += _changing;
        core.Lifecycle.StateChanged += _changed;
    }

    public int Port { get; }

    /// <summary>True while the HTTPS port accepts connections (the device is online).</summary>
    public bool Listening => _core.Lifecycle.State == DeviceState.Online && Volatile.Read(ref _disposed) == 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _core.Lifecycle.StateChanging -= _changing;
        _core.Lifecycle.StateChanged -= _changed;
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
