using System.Net;
using System.Text;
using System.Text.Json;
using Accessory.Core.Device;
using Accessory.Core.Nan;
using Accessory.Core.Ports;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Nan;

/// <summary>
/// The device's Wi-Fi Aware glue: publishes the service (SSI = JSON with device id and model) while the lifecycle
/// allows it, and answers data-path requests with the local API's address and HTTPS port unless a fault rejects.
/// </summary>
public sealed class DeviceNan : IDisposable
{
    public const string ReasonPairingFailed = "pairing-failed";
    public const string ReasonNoLocalApi = "no-local-api";
    private const string Component = "nan";
    private const byte PublishInstanceId = 1;

    private readonly NanOptions _options;
    private readonly DeviceLifecycle _lifecycle;
    private readonly ActiveFaults _faults;
    private readonly IClock _clock;
    private readonly ILog _log;
    private readonly Func<IPEndPoint?> _apiEndPoint;
    private readonly byte[] _serviceInfo;
    private readonly UdpNanRadio? _udp;
    private readonly FaultyNanRadio? _radio;
    private readonly Accessory.Simulator.Nan.Wpa.WpaNanPublisher? _wpa;
    private readonly object _gate = new();
    private NanPublisher? _publisher;
    private bool _disposed;

    public DeviceNan(NanOptions options, string deviceId, string model, DeviceLifecycle lifecycle, ActiveFaults faults, IClock clock, ILog log, Func<IPEndPoint?> apiEndPoint)
    {
        _options = options;
        _lifecycle = lifecycle;
        _faults = faults;
        _clock = clock;
        _log = log;
        _apiEndPoint = apiEndPoint;
        _serviceInfo = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = deviceId, ["model"] = model }));
        if (options.WpaSupplicant != null)
        {
            _wpa = Accessory.Simulator.Nan.Wpa.WpaNanPublisher.Open(options.WpaSupplicant, log);
            _wpa.Notified += Raise;
            return;
        }

        _udp = UdpNanRadio.Open(new UdpNanRadioOptions
        {
            InterfaceName = options.InterfaceName,
            SocketFactory = options.SocketFactory,
            LossProbability = options.LossProbability,
            LatencyMilliseconds = options.LatencyMilliseconds,
        }, log);
        _radio = new FaultyNanRadio(_udp, faults);
    }

    /// <summary>Publisher and data-path events (NAN-REPLIED, NAN-PUBLISH-TERMINATED, NAN-DATA-PATH-*).</summary>
    public event NanNotificationHandler? Notified;

    /// <summary>The simulated medium's NAN address; empty on a real radio (wpa_supplicant owns it).</summary>
    public byte[] Address => _udp?.Address ?? [];

    public bool Publishing
    {
        get
        {
            lock (_gate)
            {
                return _wpa != null ? _wpa.PublishId != 0 : _publisher != null && !_publisher.Terminated;
            }
        }
    }

    public void Start()
    {
        _lifecycle.StateChanged += OnStateChanged;
        Update();
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
            _lifecycle.StateChanged -= OnStateChanged;
            _publisher?.Cancel();
            _publisher = null;
        }

        _wpa?.Dispose();
        _udp?.Dispose();
    }

    private void OnStateChanged(DeviceState from, DeviceState to, DeviceTrigger trigger) => Update();

    private bool Wanted()
    {
        DeviceState state = _lifecycle.State;
        return state == DeviceState.Online ? _options.PublishWhileOnline
            : state != DeviceState.Connecting && _options.PublishWhileUnprovisioned;
    }

    // Called on every lifecycle change: start a publish when one is wanted and none runs, cancel it when not wanted.
    private void Update()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            bool wanted = Wanted();
            if (_wpa != null)
            {
                UpdateRealRadio(wanted);
                return;
            }

            if (!wanted && _publisher != null)
            {
                _publisher.Cancel();
                _publisher = null;
            }
            else if (wanted && _publisher == null)
            {
                _publisher = StartPublisher();
            }
        }
    }

    // wpa_supplicant runs discovery itself: the device only starts and cancels the publish.
    private void UpdateRealRadio(bool wanted)
    {
        if (wanted && _wpa!.PublishId == 0)
        {
            _wpa.Start(PublishConfig());
        }
        else if (!wanted && _wpa!.PublishId != 0)
        {
            _wpa.Cancel();
        }
    }

    private NanPublishConfig PublishConfig()
    {
        var config = new NanPublishConfig(NanServiceName.FromAndroid(_options.ServiceName)) { ServiceInfo = _serviceInfo };
        if (_faults.TryGet(FaultNames.NanTtlEarly, out var ttl))
        {
            config.TtlSeconds = ttl.GetInt("seconds");
        }

        return config;
    }

    private NanPublisher StartPublisher()
    {
        var config = PublishConfig();
        var publisher = new NanPublisher(_radio!, _clock, new DotNetCryptoProvider(), PublishInstanceId, config);
        publisher.Notified += Raise;
        var responder = new NanDataPathResponder(publisher, Consent);
        responder.Notified += Raise;
        publisher.Start();
        _log.Write(LogLevel.Information, Component, $"publishing {_options.ServiceName} on {_options.InterfaceName}" + (config.TtlSeconds > 0 ? $" for {config.TtlSeconds} s" : string.Empty));
        return publisher;
    }

    private NanDataPathMessage Consent(byte[] peerAddress, NanDataPathMessage request)
    {
        if (_faults.IsActive(FaultNames.NanPairingFail))
        {
            return NanDataPathMessage.Reject(ReasonPairingFailed);
        }

        if (_faults.TryGet(FaultNames.NanDataPathReject, out var reject))
        {
            return NanDataPathMessage.Reject(reject.GetString("reason"));
        }

        IPEndPoint? api = _apiEndPoint();
        IPAddress? address = api == null ? null : ReachableAddress(api.Address);
        if (api == null || address == null || _lifecycle.State != DeviceState.Online)
        {
            return NanDataPathMessage.Reject(ReasonNoLocalApi);
        }

        return NanDataPathMessage.Accept(NanDataPathMessage.ProtocolTcp, api.Port, address.MapToIPv6().GetAddressBytes());
    }

    // Only an address the API really listens on is worth sending: a wildcard bind needs the configured address,
    // a loopback one cannot be reached over the link at all.
    private IPAddress? ReachableAddress(IPAddress bound)
    {
        if (bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any))
        {
            return _options.DataPathAddress;
        }

        return IPAddress.IsLoopback(bound) ? null : bound;
    }

    private void Raise(NanEvent e)
    {
        _log.Write(LogLevel.Information, Component, e.ToString());
        Notified?.Invoke(e);
    }
}
