using Accessory.Core.Device;
using Accessory.Core.Mdns;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// Advertises one simulated device as `&lt;name&gt;.local` and an `_accessory._tcp` service whose TXT record follows
/// the device's lifecycle state: the core's responder on the body's multicast transport.
/// </summary>
public sealed class DeviceAdvertiser : IDisposable
{
    private readonly MulticastDatagramTransport _transport;
    private readonly MdnsResponder _responder;
    private readonly DeviceLifecycle _lifecycle;
    private readonly AdvertiserOptions _options;
    private readonly string _deviceId;
    private readonly string _instance;

    public DeviceAdvertiser(AdvertiserOptions options, string deviceName, string deviceId, DeviceLifecycle lifecycle, IClock clock, IRandom random, ILog log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(lifecycle);
        _options = options;
        _lifecycle = lifecycle;
        _deviceId = deviceId;
        _instance = deviceName;
        var addresses = options.Addresses.Select(a => a.GetAddressBytes()).ToArray();
        _transport = MulticastDatagramTransport.Open(options.Transport, log);
        try
        {
            _responder = new MdnsResponder(_transport, clock, random, log, new MdnsHostConfig(MdnsNaming.HostLabelFor(deviceName), addresses));
            _responder.AddService(AccessoryServiceTxt.CreateService(
                _instance, options.ApiPort, deviceId, options.Model, options.FirmwareVersion, options.ProtocolVersion, lifecycle.State));
        }
        catch
        {
            _transport.Dispose();
            throw;
        }

        _lifecycle.StateChanged += OnStateChanged;
    }

    /// <summary>The host name in use (it changes when a conflict forces a rename).</summary>
    public string HostName => _responder.HostName;

    /// <summary>The service instance name in use, e.g. "PROV_A1B2C3 (2)" after a conflict.</summary>
    public string InstanceName => _responder.GetInstanceName(_instance);

    public MdnsResponder Responder => _responder;

    public void Start() => _responder.Start();

    /// <summary>Sends goodbyes (TTL 0) and closes the sockets.</summary>
    public void Dispose()
    {
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
}
