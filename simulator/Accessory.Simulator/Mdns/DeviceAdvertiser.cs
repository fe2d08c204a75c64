using Accessory.Core.Device;
using Accessory.Core.Mdns;
using Accessory.Core.Ports;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// Advertises one simulated device as `&lt;name&gt;.local` and an `_accessory._tcp` service whose TXT record follows
/// the device's lifecycle state: the core's responder on the body's multicast transport. The mdns.silent fault mutes
/// it; clearing the fault restarts the responder, as a device that comes back probes and announces anew.
/// </summary>
public sealed class DeviceAdvertiser : IDisposable
{
    private const string Component = "mdns";
    private readonly MulticastDatagramTransport _transport;
    private readonly SilenceableDatagramTransport _silence;
    private readonly MdnsResponder _responder;
    private readonly ActiveFaults? _faults;
    private readonly ILog _log;
    private readonly object _faultGate = new();
    private readonly DeviceLifecycle _lifecycle;
    private readonly AdvertiserOptions _options;
    private readonly string _deviceId;
    private readonly string _instance;

    public DeviceAdvertiser(AdvertiserOptions options, string deviceName, string deviceId, DeviceLifecycle lifecycle, IClock clock, IRandom random, ILog log, ActiveFaults? faults = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifecycle);
        _options = options;
        _lifecycle = lifecycle;
        _deviceId = deviceId;
        _instance = deviceName;
        _faults = faults;
        _log = log;
        var addresses = options.Addresses.Select(a => a.GetAddressBytes()).ToArray();
        _transport = MulticastDatagramTransport.Open(options.Transport.Lending(), log);
        try
        {
            _silence = new SilenceableDatagramTransport(new Accessory.Simulator.Metrics.CountingDatagramTransport(_transport)) { Silent = faults?.IsActive(FaultNames.MdnsSilent) == true };
            _responder = new MdnsResponder(_silence, clock, random, log, new MdnsHostConfig(MdnsNaming.HostLabelFor(deviceName), addresses));
            _responder.AddService(AccessoryServiceTxt.CreateService(
                _instance, options.ApiPort, deviceId, options.Model, options.FirmwareVersion, options.ProtocolVersion, lifecycle.State));
        }
        catch
        {
            _transport.Dispose();
            throw;
        }

        _lifecycle.StateChanged += OnStateChanged;
        if (_faults != null)
        {
            _faults.Changed += OnFaultChanged;
        }
    }

    /// <summary>The host name in use (it changes when a conflict forces a rename).</summary>
    public string HostName => _responder.HostName;

    /// <summary>The service instance name in use, e.g. "PROV_A1B2C3 (2)" after a conflict.</summary>
    public string InstanceName => _responder.GetInstanceName(_instance);

    public MdnsResponder Responder => _responder;

    /// <summary>Datagrams the responder sent while mdns.silent held them back.</summary>
    public long SuppressedDatagrams => _silence.Suppressed;

    public void Start() => _responder.Start();

    /// <summary>Sends goodbyes (TTL 0) and closes the sockets.</summary>
    public void Dispose()
    {
        if (_faults != null)
        {
            _faults.Changed -= OnFaultChanged;
        }

        _lifecycle.StateChanged -= OnStateChanged;
        _responder.Stop();
        _transport.Dispose();
    }

    private void OnStateChanged(DeviceState from, DeviceState to, DeviceTrigger trigger)
    {
        if (from != to)
        {
            _responder.UpdateTxt(_instance, AccessoryServiceTxt.Build(_deviceId, _options.Model, _options.FirmwareVersion, _options.ProtocolVersion, to));
        }
    }

    // Raised under the fault registry's lock; the responder never calls back into the registry, so acting here keeps
    // a quick set-then-clear in order without risk of a lock cycle.
    private void OnFaultChanged(object? sender, FaultChangedEventArgs e)
    {
        if (e.Name != FaultNames.MdnsSilent)
        {
            return;
        }

        lock (_faultGate)
        {
            bool silent = e.Spec != null;
            if (silent == _silence.Silent)
            {
                return;
            }

            if (silent)
            {
                _silence.Silent = true;
                _log.Write(LogLevel.Information, Component, "fault mdns.silent: the responder says nothing (no answers, announcements or goodbyes)");
                return;
            }

            // Stopped while still muted, so its goodbyes stay unsent: the device "powers up" again rather than leaving.
            _responder.Stop();
            _silence.Silent = false;
            _responder.Start();
            _log.Write(LogLevel.Information, Component, "fault mdns.silent cleared: the responder probes and announces again");
        }
    }
}
