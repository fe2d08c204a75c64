using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Accessory.Core.Device;
using Accessory.Core.Nan;
using Accessory.Core.Ports;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Faults;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Nan;

/// <summary>
/// The device's Wi-Fi Aware glue: publishes the service (SSI = JSON with device id and model) while the lifecycle
/// allows it, and answers data-path requests unless a fault rejects. As on a real NAN data interface, the path is
/// IPv6 link-local: the accept carries the interface's fe80:: address and the HTTPS port the local API serves
/// there; the peer adds its own scope. Only an interface without a link-local address falls back to IPv4.
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
    private readonly LocalApiServer? _localApi;
    private readonly byte[] _serviceInfo;
    private readonly UdpNanRadio? _udp;
    private readonly FaultyNanRadio? _radio;
    private readonly Accessory.Simulator.Nan.Wpa.WpaNanPublisher? _wpa;
    private readonly object _gate = new();
    private NanPublisher? _publisher;
    private IPEndPoint? _linkEndPoint;
    private bool _disposed;

    public DeviceNan(NanOptions options, string deviceId, string model, DeviceLifecycle lifecycle, ActiveFaults faults, IClock clock, ILog log, LocalApiServer? localApi)
    {
        _options = options;
        _lifecycle = lifecycle;
        _faults = faults;
        _clock = clock;
        _log = log;
        _localApi = localApi;
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

    /// <summary>Where an accepted data path leads: the local API on the interface's link-local address; null until known.</summary>
    public IPEndPoint? DataPathEndPoint
    {
        get
        {
            lock (_gate)
            {
                return _linkEndPoint;
            }
        }
    }

    public void Start()
    {
        if (!ListenOnLink())
        {
            ExplainFallback();
        }

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

        if (_localApi == null || _lifecycle.State != DeviceState.Online)
        {
            return NanDataPathMessage.Reject(ReasonNoLocalApi);
        }

        IPEndPoint? link = ListenOnLink() ? DataPathEndPoint : null;
        if (link != null)
        {
            // Sent without its scope: the scope id is the receiver's own interface, meaningless to the sender.
            return NanDataPathMessage.Accept(NanDataPathMessage.ProtocolTcp, link.Port, link.Address.GetAddressBytes());
        }

        IPEndPoint api = _localApi.HttpsEndPoint;
        IPAddress? address = ReachableAddress(api.Address);
        return address == null
            ? NanDataPathMessage.Reject(ReasonNoLocalApi)
            : NanDataPathMessage.Accept(NanDataPathMessage.ProtocolTcp, api.Port, address.MapToIPv6().GetAddressBytes());
    }

    private static Socket DefaultDatagramSocket(AddressFamily family) => new(family, SocketType.Dgram, ProtocolType.Udp);

    // Looked up again on each request until found: a fresh interface's link-local address stays tentative (unusable)
    // for a second or two of duplicate address detection, and the device may have started within that window.
    private bool ListenOnLink()
    {
        if (_udp == null || _localApi == null || DataPathEndPoint != null)
        {
            return DataPathEndPoint != null;
        }

        IPAddress? linkLocal = InterfaceLookup.LinkLocalAddressOf(_options.SocketFactory ?? DefaultDatagramSocket, _options.InterfaceName);
        if (linkLocal == null)
        {
            return false;
        }

        try
        {
            var endPoint = _localApi.ListenOnLink(linkLocal);
            lock (_gate)
            {
                _linkEndPoint = endPoint;
            }

            _log.Write(LogLevel.Information, Component, "data paths lead to https://" + endPoint);
            return true;
        }
        catch (SocketException e)
        {
            _log.Write(LogLevel.Warning, Component, $"cannot serve the local API on {linkLocal}: {e.Message}; data paths fall back to IPv4");
            return false;
        }
    }

    private void ExplainFallback()
    {
        if (_udp == null)
        {
            return;
        }

        _log.Write(LogLevel.Warning, Component, _localApi == null
            ? "the local API is off (--no-api): data-path requests are rejected with " + ReasonNoLocalApi
            : $"{_options.InterfaceName} has no usable IPv6 link-local address yet: data paths use the local API's IPv4 address until it has one");
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
