using System.Net;
using Accessory.Core.Device;
using Accessory.Core.Mdns;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// Advertises many accessories on one interface through one mDNS responder: each with its own service instance
/// (_accessory._tcp, TXT as a single device's) and its own host name, all answered from one socket and one receive
/// thread, with answers for many instances packed into as few packets as fit. For fleets in one process, where a
/// responder per device would mean a socket, a thread and a copy of every query per device.
/// Instances may be added and removed while it runs (each probes and announces; removal says goodbye).
/// </summary>
public sealed class SharedMdnsAdvertiser : IDisposable
{
    private readonly MulticastDatagramTransport _transport;
    private readonly MdnsResponder _responder;
    private readonly byte[][] _addresses;
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _hostOfInstance = new(StringComparer.Ordinal);
    private bool _disposed;

    private SharedMdnsAdvertiser(MulticastDatagramTransport transport, MdnsResponder responder, byte[][] addresses)
    {
        _transport = transport;
        _responder = responder;
        _addresses = addresses;
    }

    /// <summary>The one responder behind every instance (its events report conflicts and renames by name).</summary>
    public MdnsResponder Responder => _responder;

    /// <summary>Instances added and not removed.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _hostOfInstance.Count;
            }
        }
    }

    /// <summary>True when every host name and instance has been probed and is being answered for.</summary>
    public bool IsEstablished => _responder.IsEstablished;

    /// <summary>Opens the interface's mDNS sockets; nothing is sent before <see cref="Start"/>.</summary>
    public static SharedMdnsAdvertiser Open(SharedAdvertiserOptions options, IClock clock, IRandom random, ILog log)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Addresses.Count == 0)
        {
            throw new ArgumentException("give at least one address for the host records", nameof(options));
        }

        var addresses = options.Addresses.Select(a => a.GetAddressBytes()).ToArray();
        var transport = MulticastDatagramTransport.Open(options.Transport.Lending(), log);
        try
        {
            var responder = new MdnsResponder(transport, clock, random, log, new MdnsHostConfig(options.HostLabel, addresses));
            return new SharedMdnsAdvertiser(transport, responder, addresses);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds one accessory: instance <paramref name="instanceName"/> of _accessory._tcp on host
    /// <c>&lt;hostLabel&gt;.local</c> (default: derived from the instance name as a single device does), port
    /// <paramref name="apiPort"/>, TXT id/model/fw/proto/state, and the shared addresses unless
    /// <paramref name="addresses"/> are given.
    /// </summary>
    /// <exception cref="ArgumentException">The instance or host name is taken, empty or too long.</exception>
    public void AddAccessory(
        string instanceName,
        string deviceId,
        int apiPort,
        DeviceState state,
        string model = "sim-lamp",
        string firmwareVersion = "0.1.0",
        string protocolVersion = "1",
        string? hostLabel = null,
        IReadOnlyList<IPAddress>? addresses = null)
    {
        var service = AccessoryServiceTxt.CreateService(instanceName, apiPort, deviceId, model, firmwareVersion, protocolVersion, state);
        Add(service, hostLabel ?? MdnsNaming.HostLabelFor(instanceName), addresses);
    }

    /// <summary>Adds any DNS-SD service on its own host name (see <see cref="AddAccessory"/>).</summary>
    public void Add(MdnsService service, string hostLabel, IReadOnlyList<IPAddress>? addresses = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrEmpty(hostLabel);
        var hostAddresses = addresses == null ? _addresses : addresses.Select(a => a.GetAddressBytes()).ToArray();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_hostOfInstance.ContainsKey(service.InstanceName))
            {
                throw new ArgumentException($"instance '{service.InstanceName}' is already advertised", nameof(service));
            }

            _responder.AddHost(new MdnsHostConfig(hostLabel, hostAddresses));
            try
            {
                _responder.AddService(service, hostLabel);
            }
            catch
            {
                _responder.RemoveHost(hostLabel);
                throw;
            }

            _hostOfInstance.Add(service.InstanceName, hostLabel);
        }
    }

    /// <summary>New TXT strings for an instance (re-announced when it is already advertised).</summary>
    public void UpdateTxt(string instanceName, byte[][] txt) => _responder.UpdateTxt(instanceName, txt);

    /// <summary>New state for an accessory added with <see cref="AddAccessory"/>.</summary>
    public void UpdateState(string instanceName, string deviceId, DeviceState state, string model = "sim-lamp", string firmwareVersion = "0.1.0", string protocolVersion = "1") =>
        _responder.UpdateTxt(instanceName, AccessoryServiceTxt.Build(deviceId, model, firmwareVersion, protocolVersion, state));

    /// <summary>
    /// Withdraws an instance and its host name, with goodbyes (queued: the responder sends a bounded batch per tick);
    /// unknown names are ignored.
    /// </summary>
    public void Remove(string instanceName)
    {
        lock (_gate)
        {
            if (_hostOfInstance.Remove(instanceName, out var host))
            {
                _responder.RemoveHost(host);
            }
        }
    }

    /// <summary>The advertised instance name (it differs from the one added after a conflict: "Lamp (2)").</summary>
    public string InstanceName(string instanceName) => _responder.GetInstanceName(instanceName);

    /// <summary>The advertised host name with .local (after a conflict: "lamp-2.local").</summary>
    public string HostName(string instanceName)
    {
        lock (_gate)
        {
            if (!_hostOfInstance.TryGetValue(instanceName, out var host))
            {
                throw new ArgumentException($"no instance '{instanceName}'", nameof(instanceName));
            }

            return _responder.GetHostName(host);
        }
    }

    /// <summary>Starts probing and announcing every name.</summary>
    public void Start() => _responder.Start();

    /// <summary>Says goodbye for every record, waits until every queued goodbye is sent (bounded), and closes the sockets.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _responder.Stop();
        WaitForGoodbyes();
        _transport.Dispose();
    }

    // The responder sends queued goodbyes a batch per clock tick (withdrawing a fleet at once would overflow a
    // phone's socket buffer); the sockets stay open until they are out, bounded in case the clock stops ticking.
    private void WaitForGoodbyes()
    {
        int pending = _responder.PendingGoodbyes;
        var deadline = Environment.TickCount64 + 5000 + (pending * 2);
        while (pending > 0 && Environment.TickCount64 < deadline)
        {
            Thread.Sleep(10);
            pending = _responder.PendingGoodbyes;
        }
    }
}
