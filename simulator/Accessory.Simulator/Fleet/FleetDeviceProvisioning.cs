using System.Net;
using System.Net.Sockets;
using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Messages;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Http;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// One fleet device's SoftAP/HTTP provisioning: the core's provisioning manager and service (proto-ver,
/// prov-session, prov-scan, prov-config, prov-ctrl and the device's custom endpoints) behind the simulator's
/// protocomm HTTP server on the device's own port. The port is bound when the device is built, so a port held by
/// another program fails the fleet before any device starts; it accepts once the device starts. After a successful
/// join the server stops, as ESP-IDF stops httpd and the SoftAP, and the port refuses connections.
/// </summary>
public sealed class FleetDeviceProvisioning : IDisposable
{
    private static readonly ICryptoProvider Crypto = new DotNetCryptoProvider();
    private readonly AccessoryDevice _core;
    private readonly FleetProvisioning _spec;
    private readonly ILog _log;
    private readonly object _gate = new();
    private Socket? _socket;
    private ProvisioningManager? _manager;
    private ProvisioningHttpServer? _server;
    private Task? _serverStop;
    private readonly IWifiRadio? _radio;
    private readonly IClock? _clock;
    private Accessory.Simulator.Ble.DeviceBle? _ble;
    private bool _listening;
    private bool _disposed;

    /// <exception cref="FleetPortException">The port cannot be bound (in use, or not allowed).</exception>
    public FleetDeviceProvisioning(AccessoryDevice core, FleetProvisioning spec, int port, ILog log, IWifiRadio? radio = null, IClock? clock = null)
    {
        _radio = radio;
        _clock = clock;
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(spec);
        _core = core;
        _spec = spec;
        _log = log;
        Port = port;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Accessory.Simulator.Net.ExclusiveBind.AllowRebindAfterRestart(socket);
            socket.Bind(new IPEndPoint(spec.BindAddress, port));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new FleetPortException("provisioning", "http_port_base", "unprovisioned device", spec.BindAddress, port, core.Identity.DeviceId, e);
        }

        _socket = socket;
    }

    public int Port { get; }

    /// <summary>True while the provisioning HTTP server accepts connections.</summary>
    public bool Listening
    {
        get
        {
            lock (_gate)
            {
                return _listening;
            }
        }
    }

    /// <summary>True once a phone's credentials joined the network (they are stored; the device goes online).</summary>
    public bool Provisioned => _manager?.LastStation is { State: StationState.Connected };

    /// <summary>
    /// "waiting" (for a phone), "joining", "failed" (the last credentials did not join; still waiting),
    /// "provisioned", "stopped" (ended without success), or "not started".
    /// </summary>
    public string State
    {
        get
        {
            var manager = _manager;
            if (manager is null)
            {
                return "not started";
            }

            var station = manager.PeekStatus();
            return manager.State switch
            {
                ProvisioningState.CredentialsReceived => "joining",
                ProvisioningState.Failed => "failed",
                ProvisioningState.Started => station is { State: StationState.ConnectionFailed } ? "failed" : "waiting",
                _ => station is { State: StationState.Connected } ? "provisioned" : manager.State == ProvisioningState.Stopped ? "stopped" : "waiting",
            };
        }
    }

    /// <summary>Offers provisioning: the lifecycle enters Provisioning and the port accepts phones.</summary>
    public void Start(IRandom random)
    {
        ProvisioningService service;
        ProvisioningHttpServer server;
        lock (_gate)
        {
            if (_disposed || _manager != null || _socket is null)
            {
                return;
            }

            var options = ProvisioningOptions.Fast();
            options.AutoStopMilliseconds = (int)_spec.AutoStop.TotalMilliseconds;
            var manager = _core.CreateProvisioningManager(options);
            service = _core.CreateProvisioningService(_spec.CreateScheme(Crypto, random), manager, _spec.Security == 2 ? 1 : 0, _spec.UsesSecret);
            var socket = _socket;
            server = new ProvisioningHttpServer(
                service.Router,
                random,
                new CoreLogAsLogger(_log, "http"),
                new ProvisioningHttpOptions
                {
                    BindAddress = _spec.BindAddress,
                    Port = Port,
                    CreateListener = _ =>
                    {
                        socket.Listen(8);
                        return socket;
                    },
                });
            _manager = manager;
            _server = server;
            _socket = null;
            manager.Ended += _ => StopServer();

            // Synchronous underneath: the socket is already bound, Listen cannot block.
            server.StartAsync().GetAwaiter().GetResult();
            _listening = true;
            StartBle(service);
        }

        service.Start();
        _log.Write(LogLevel.Information, "prov", "waiting for a phone on " + _spec.BindAddress + ":" + Port + " (sec" + _spec.Security + ")");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _socket?.Dispose();
            _socket = null;
        }

        _manager?.Dispose();
        StopServer()?.GetAwaiter().GetResult();

        // Removes the socket file, so a phone sees the device gone.
        _ble?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The virtual BLE socket a phone connects to, or null when the group offers no BLE.</summary>
    public string? BleSocket => _spec.BleSocketOf(_core.Identity.DeviceId);

    // The same provisioning service as the HTTP server: a phone may use either, whichever it finds first, as with a
    // single device. DeviceBle also serves Improv, device information and lamp control (token-protected).
    private void StartBle(ProvisioningService service)
    {
        if (BleSocket is not { } socket || _radio is null || _clock is null)
        {
            return;
        }

        var options = new Accessory.Simulator.Ble.BleOptions { Backend = Accessory.Simulator.Ble.BleBackendKind.Virtual, SocketPath = socket };
        _ble = new Accessory.Simulator.Ble.DeviceBle(options, _spec.BleSocketDirectory!, FleetMdns.InstanceNameOf(_core.Identity.DeviceId), _core.DeviceInformation, _core.Commands, _core.ApiToken, _radio, _clock, _log, []);
        _ble.StartAsync(service).GetAwaiter().GetResult();
    }

    // Ended is raised on a timer thread or inside Dispose; the server stops once, off that thread.
    private Task? StopServer()
    {
        lock (_gate)
        {
            _listening = false;
            return _server is null ? null : _serverStop ??= Task.Run(() => _server.DisposeAsync().AsTask());
        }
    }
}
