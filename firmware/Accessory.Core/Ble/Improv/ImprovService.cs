using System;
using System.Collections;
using Accessory.Core.Ports;
using Accessory.Core.Text;
using Accessory.Core.Wifi;

namespace Accessory.Core.Ble.Improv;

/// <summary>Raised after the Improv state or error changed.</summary>
public delegate void ImprovChangedHandler(ImprovService improv);

/// <summary>Raised with every RPC result packet (a scan produces several).</summary>
public delegate void ImprovResultHandler(byte[] result);

/// <summary>Raised when the phone asks the device to show itself.</summary>
public delegate void ImprovIdentifyHandler();

/// <summary>
/// Improv's device-side state machine, transport-free: authorization required -&gt; authorized -&gt; provisioning
/// -&gt; provisioned (or back to authorized with "unable to connect"). It takes complete RPC packets and reports
/// state, error and results through events; <see cref="ImprovGattService"/> turns them into notifications.
/// </summary>
public sealed class ImprovService
{
    private readonly object _gate = new object();
    private readonly IImprovProvisioner _provisioner;
    private readonly ImprovOptions _options;
    private readonly IClock? _clock;
    private ImprovState _state;
    private ImprovError _error = ImprovError.None;
    private byte[] _result = new byte[0];
    private IScheduledWork? _authorizationExpiry;
    private int _attempt;

    public ImprovService(IImprovProvisioner provisioner, ImprovOptions options, IClock? clock)
    {
        if (provisioner == null || options == null)
        {
            throw new ArgumentNullException(nameof(provisioner), "provisioner and options are required");
        }

        _provisioner = provisioner;
        _options = options;
        _clock = clock;
        _state = options.AlreadyProvisioned ? ImprovState.Provisioned
            : options.RequireAuthorization ? ImprovState.AuthorizationRequired : ImprovState.Authorized;
    }

    public event ImprovChangedHandler? StateChanged;

    public event ImprovChangedHandler? ErrorChanged;

    public event ImprovResultHandler? ResultProduced;

    public event ImprovIdentifyHandler? IdentifyRequested;

    /// <summary>Every optional command is served: identify, device info and scan.</summary>
    public const int Capabilities = ImprovCommands.CapabilityIdentify | ImprovCommands.CapabilityDeviceInfo | ImprovCommands.CapabilityScan;

    public ImprovState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public ImprovError Error
    {
        get
        {
            lock (_gate)
            {
                return _error;
            }
        }
    }

    /// <summary>The latest RPC result packet; empty before the first.</summary>
    public byte[] LastResult
    {
        get
        {
            lock (_gate)
            {
                return _result;
            }
        }
    }

    /// <summary>Advertisement service data under 0x4677: state, capabilities, 4 reserved bytes.</summary>
    public byte[] ServiceData() => new byte[] { (byte)State, (byte)Capabilities, 0, 0, 0, 0 };

    /// <summary>
    /// A short press's meaning while Improv waits: authorizes and returns true only when the service was waiting for
    /// the confirmation; otherwise changes nothing and returns false, so the body gives the press its other meaning.
    /// </summary>
    public bool AuthorizeIfWaiting()
    {
        lock (_gate)
        {
            if (_state != ImprovState.AuthorizationRequired)
            {
                return false;
            }

            _state = ImprovState.Authorized;
            RestartExpiryLocked();
        }

        StateChanged?.Invoke(this);
        return true;
    }

    /// <summary>The user's physical confirmation (a button; the simulator's command). Restarts the expiry.</summary>
    public void Authorize()
    {
        bool changed;
        lock (_gate)
        {
            if (_state != ImprovState.AuthorizationRequired && _state != ImprovState.Authorized)
            {
                return;
            }

            changed = _state != ImprovState.Authorized;
            _state = ImprovState.Authorized;
            RestartExpiryLocked();
        }

        if (changed)
        {
            StateChanged?.Invoke(this);
        }
    }

    /// <summary>Handles one complete RPC packet as it arrived; never throws on any bytes.</summary>
    public void Receive(byte[] packet)
    {
        if (packet == null || packet.Length < 3 || packet.Length != ImprovPacket.TotalLength(packet, packet.Length)
            || ImprovPacket.Checksum(packet, 0, packet.Length - 1) != packet[packet.Length - 1])
        {
            SetError(ImprovError.InvalidRpc);
            return;
        }

        SetError(ImprovError.None);
        switch (packet[0])
        {
            case ImprovCommands.WifiSettings:
                ReceiveWifiSettings(packet);
                break;
            case ImprovCommands.Identify:
                if (IsOpen())
                {
                    IdentifyRequested?.Invoke();
                }

                break;
            case ImprovCommands.DeviceInfo:
                Produce(ImprovPacket.Result(ImprovCommands.DeviceInfo, new string[] { _options.FirmwareName, _options.FirmwareVersion, _options.Hardware, _options.DeviceName }));
                break;
            case ImprovCommands.Scan:
                ReceiveScan();
                break;
            default:
                SetError(ImprovError.UnknownRpc);
                break;
        }
    }

    private void ReceiveWifiSettings(byte[] packet)
    {
        if (!ImprovPacket.TryReadWifiSettings(packet, out byte[] ssid, out byte[] passphrase))
        {
            SetError(ImprovError.InvalidRpc);
            return;
        }

        int attempt;
        lock (_gate)
        {
            if (_state == ImprovState.AuthorizationRequired)
            {
                attempt = -1;
            }
            else if (_state != ImprovState.Authorized)
            {
                // Busy joining, or already provisioned and stopped: nothing to do with new credentials.
                attempt = -2;
            }
            else
            {
                _state = ImprovState.Provisioning;
                CancelExpiryLocked();
                attempt = ++_attempt;
            }
        }

        if (attempt == -1)
        {
            SetError(ImprovError.NotAuthorized);
            return;
        }

        if (attempt == -2)
        {
            SetError(ImprovError.Unknown);
            return;
        }

        StateChanged?.Invoke(this);
        _provisioner.Join(ssid, passphrase, connected => Joined(attempt, connected));
    }

    private void Joined(int attempt, bool connected)
    {
        lock (_gate)
        {
            // A provisioner calling back twice, or late, must not move the state again.
            if (attempt != _attempt || _state != ImprovState.Provisioning)
            {
                return;
            }
        }

        if (connected)
        {
            Produce(ImprovPacket.Result(ImprovCommands.WifiSettings, _options.RedirectUrls));
            lock (_gate)
            {
                _state = ImprovState.Provisioned;
            }

            StateChanged?.Invoke(this);
            return;
        }

        lock (_gate)
        {
            _state = ImprovState.Authorized;
            RestartExpiryLocked();
        }

        SetError(ImprovError.UnableToConnect);
        StateChanged?.Invoke(this);
    }

    private void ReceiveScan()
    {
        if (!IsOpen())
        {
            SetError(ImprovError.Unknown);
            return;
        }

        _provisioner.Scan(Scanned);
    }

    // One result per network name, the strongest access point's signal: Improv has no BSSID, so a mesh listed once
    // per AP would show the phone identical rows. Names that are not UTF-8 are left out: Improv's strings are UTF-8,
    // so the phone could neither show such a name nor send it back.
    private void Scanned(WifiAccessPoint[]? networks)
    {
        var offered = new ArrayList();
        if (networks != null)
        {
            for (int i = 0; i < networks.Length; i++)
            {
                var network = networks[i];
                // A hidden network has no SSID to offer, and Wi-Fi settings with an empty SSID are refused anyway.
                if (network == null || network.Ssid == null || network.Ssid.Length == 0 || !Utf8.IsValid(network.Ssid))
                {
                    continue;
                }

                int known = IndexOfSsid(offered, network.Ssid);
                if (known < 0)
                {
                    offered.Add(network);
                }
                else if (network.Rssi > ((WifiAccessPoint)offered[known]!).Rssi)
                {
                    offered[known] = network;
                }
            }
        }

        for (int i = 0; i < offered.Count; i++)
        {
            var network = (WifiAccessPoint)offered[i]!;
            Produce(ImprovPacket.Result(ImprovCommands.Scan, new byte[][]
            {
                network.Ssid,
                Utf8.Encode(network.Rssi.ToString()),
                Utf8.Encode(network.Auth == WifiAuthMode.Open ? "NO" : "YES"),
            }));
        }

        // An empty result tells the phone the list is complete.
        Produce(ImprovPacket.Result(ImprovCommands.Scan, new byte[0][]));
    }

    private static int IndexOfSsid(ArrayList networks, byte[] ssid)
    {
        for (int i = 0; i < networks.Count; i++)
        {
            if (Bytes.Equal(((WifiAccessPoint)networks[i]!).Ssid, ssid))
            {
                return i;
            }
        }

        return -1;
    }

    private bool IsOpen()
    {
        lock (_gate)
        {
            return _state == ImprovState.AuthorizationRequired || _state == ImprovState.Authorized;
        }
    }

    private void Produce(byte[] result)
    {
        lock (_gate)
        {
            _result = result;
        }

        ResultProduced?.Invoke(result);
    }

    private void SetError(ImprovError error)
    {
        lock (_gate)
        {
            if (_error == error)
            {
                return;
            }

            _error = error;
        }

        ErrorChanged?.Invoke(this);
    }

    private void RestartExpiryLocked()
    {
        CancelExpiryLocked();
        if (!_options.RequireAuthorization || _clock == null || _options.AuthorizationTimeoutMilliseconds <= 0)
        {
            return;
        }

        IScheduledWork? work = null;
        work = _clock.Schedule(_options.AuthorizationTimeoutMilliseconds, () => Expire(work));
        _authorizationExpiry = work;
    }

    private void CancelExpiryLocked()
    {
        _authorizationExpiry?.Cancel();
        _authorizationExpiry = null;
    }

    private void Expire(IScheduledWork? work)
    {
        lock (_gate)
        {
            if (work != _authorizationExpiry || _state != ImprovState.Authorized)
            {
                return;
            }

            _state = ImprovState.AuthorizationRequired;
            _authorizationExpiry = null;
        }

        StateChanged?.Invoke(this);
    }
}
