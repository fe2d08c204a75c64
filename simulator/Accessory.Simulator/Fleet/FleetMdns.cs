using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Simulator.Mdns;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// Advertises every device of a fleet over mDNS / DNS-SD through one <see cref="SharedMdnsAdvertiser"/> (one socket
/// pair and one receive thread on one interface): each device is its own `_accessory._tcp` instance on its own host
/// name, both derived from its device id so a restarted fleet comes back under the same names, with a TXT record
/// that follows the device's lifecycle. Disposing it withdraws every instance with goodbyes (paced by the core responder).
/// </summary>
public sealed class FleetMdns : IDisposable
{
    /// <summary>
    /// Most devices advertised by one fleet: the core responder finds a name through a hash index, but a browse
    /// answer still walks every service (and its known-answer suppression compares every answer with every known
    /// answer), and no phone browsing a LAN lists more than a few thousand instances usefully.
    /// </summary>
    public const int MaxDevices = 10_000;

    /// <summary>
    /// The SRV port of a device whose group serves no local API: 0, DNS-SD's "no service here" (RFC 6763, section 8),
    /// rather than a port on which nothing listens.
    /// </summary>
    public const int NoApiPort = 0;

    private readonly SharedMdnsAdvertiser _advertiser;
    private readonly List<(FleetDevice Device, string Instance, DeviceStateChangedHandler Handler)> _entries = [];
    private readonly object _gate = new();

    // Each advertised device's names, filled while the fleet is built and read without a lock afterwards; the slots'
    // names change only on a rename. The two indexes find a slot by the name the responder reports as renamed.
    private readonly Dictionary<FleetDevice, NameSlot> _names = [];
    private readonly Dictionary<string, NameSlot> _byInstance = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NameSlot> _byHostLabel = new(StringComparer.Ordinal);
    private readonly object _renameGate = new();
    private int _renamedDevices;
    private bool _closed;

    private FleetMdns(SharedMdnsAdvertiser advertiser, string interfaceName)
    {
        _advertiser = advertiser;
        InterfaceName = interfaceName;
        _advertiser.Responder.Renamed += OnRenamed;
    }

    /// <summary>The interface advertised on.</summary>
    public string InterfaceName { get; }

    /// <summary>The shared advertiser (names in use after a conflict, whether every name is established).</summary>
    public SharedMdnsAdvertiser Advertiser => _advertiser;

    /// <summary>True once every instance and host name has been probed and is being answered for.</summary>
    public bool IsEstablished => _advertiser.IsEstablished;

    /// <summary>Instances advertised now.</summary>
    public int Count => _advertiser.Count;

    /// <summary>The id of the first device advertised (for the names it prints), or null when none is.</summary>
    public string? FirstDeviceId { get; private set; }

    /// <summary>Devices given to <see cref="Open"/>, i.e. advertised (the count does not drop at the goodbyes).</summary>
    public int AdvertisedDevices => _names.Count;

    /// <summary>Advertised devices whose instance or host name a conflict on the LAN has changed.</summary>
    public int RenamedDevices => Volatile.Read(ref _renamedDevices);

    /// <summary>
    /// The names <paramref name="device"/> is advertised under now, as the shared responder answers for them
    /// (after a conflict: "PROV_02F100000000 (2)", "prov-02f100000000-2.local"); null when it is not advertised here.
    /// Cheap: no lock, no allocation.
    /// </summary>
    public FleetMdnsName? NameOf(FleetDevice device) =>
        _names.TryGetValue(device, out var slot) ? Volatile.Read(ref slot.Name) : null;

    /// <summary>The instance name of a device: "PROV_" and its whole id (a single device uses the last 3 bytes only).</summary>
    public static string InstanceNameOf(string deviceId) => DeviceIdentity.NamePrefix + deviceId;

    /// <summary>The host label of a device (advertised with .local): "prov-" and its id in lower case.</summary>
    public static string HostLabelOf(string deviceId) => "prov-" + deviceId.ToLowerInvariant();

    /// <summary>
    /// Opens the interface's mDNS sockets and adds every device (not started yet, so their state cannot change
    /// meanwhile); nothing is sent before <see cref="Start"/>.
    /// </summary>
    public static FleetMdns Open(SharedAdvertiserOptions options, IReadOnlyList<FleetDevice> devices, IClock clock, IRandom random, ILog log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count > MaxDevices)
        {
            throw new ArgumentException($"mDNS advertises at most {MaxDevices} devices per fleet, not {devices.Count}");
        }

        string where = options.Transport.InterfaceName ?? "the default interface";
        SharedMdnsAdvertiser advertiser;
        try
        {
            advertiser = SharedMdnsAdvertiser.Open(options, clock, random, log);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new FleetMdnsException($"cannot open the mDNS sockets (UDP {options.Transport.Port}) on {where}: {e.Message}", e);
        }

        var fleet = new FleetMdns(advertiser, where);
        try
        {
            foreach (var device in devices)
            {
                fleet.Attach(device);
            }

            return fleet;
        }
        catch
        {
            fleet.Dispose();
            throw;
        }
    }

    /// <summary>Starts probing and announcing every name.</summary>
    public void Start() => _advertiser.Start();

    /// <summary>
    /// Stops following the devices, says goodbye for every instance and host (paced by the responder: at most 8
    /// packets per 10 ms), waits until they are sent, and closes the sockets.
    /// </summary>
    public void Dispose()
    {
        List<(FleetDevice Device, string Instance, DeviceStateChangedHandler Handler)> entries;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            entries = [.. _entries];
            _entries.Clear();
        }

        _advertiser.Responder.Renamed -= OnRenamed;

        // The core responder queues the goodbyes and sends a bounded batch per tick (a whole fleet's goodbyes in one
        // burst overflow a phone's socket buffer); disposing the advertiser waits until they are out.
        foreach (var (device, instance, handler) in entries)
        {
            device.Core.Lifecycle.StateChanged -= handler;
            _advertiser.Remove(instance);
        }

        _advertiser.Dispose();
    }

    private void Attach(FleetDevice device)
    {
        string id = device.DeviceId;
        FirstDeviceId ??= id;
        string instance = InstanceNameOf(id);
        string model = device.Group.Model;
        string firmware = device.Group.FirmwareVersion;
        // The SRV names the port the device's local API really listens on, or none.
        int port = device.LocalApi?.Port ?? NoApiPort;
        string hostLabel = HostLabelOf(id);
        _advertiser.AddAccessory(instance, id, port, device.Core.Lifecycle.State, model, firmware, hostLabel: hostLabel);
        var slot = new NameSlot(new FleetMdnsName(instance, HostNameOf(hostLabel)));
        _names.Add(device, slot);
        lock (_renameGate)
        {
            _byInstance.Add(instance, slot);
            _byHostLabel.Add(hostLabel, slot);
        }

        DeviceStateChangedHandler handler = (from, to, _) =>
        {
            if (from == to)
            {
                return;
            }

            // Under the gate, so a change racing the fleet's stop never re-announces a withdrawn instance.
            lock (_gate)
            {
                if (!_closed)
                {
                    _advertiser.UpdateState(instance, id, to, model, firmware);
                }
            }
        };
        device.Core.Lifecycle.StateChanged += handler;
        lock (_gate)
        {
            _entries.Add((device, instance, handler));
        }
    }

    // Raised by the responder (under its own lock, on its receive thread) with the old and the new name of an
    // instance or a host label; names not ours (the responder's own host) are ignored. Only _renameGate is taken
    // here: the state handler above holds _gate while it calls into the responder, so taking _gate would deadlock.
    private void OnRenamed(string oldName, string newName)
    {
        lock (_renameGate)
        {
            NameSlot? slot;
            FleetMdnsName name;
            if (_byInstance.Remove(oldName, out slot))
            {
                _byInstance[newName] = slot;
                name = slot.Name with { Instance = newName };
            }
            else if (_byHostLabel.Remove(oldName, out slot))
            {
                _byHostLabel[newName] = slot;
                name = slot.Name with { Host = HostNameOf(newName) };
            }
            else
            {
                return;
            }

            Volatile.Write(ref slot.Name, name);
            if (!slot.Renamed)
            {
                slot.Renamed = true;
                Interlocked.Increment(ref _renamedDevices);
            }
        }
    }

    // The responder answers for a host label as "<label>.local" (MdnsResponder.GetHostName).
    private static string HostNameOf(string hostLabel) => hostLabel + ".local";

    private sealed class NameSlot(FleetMdnsName name)
    {
        // Published with Volatile.Write (under _renameGate) and read with Volatile.Read, never locked by readers.
        public FleetMdnsName Name = name;

        // Only touched under _renameGate.
        public bool Renamed;
    }
}
