using Accessory.Core.Ports;
using Accessory.Core.Wifi;

namespace Accessory.Simulator.Radio;

/// <summary>
/// The station radio of a simulated device, living in a <see cref="RadioEnvironment"/>. Every result is delivered
/// through <see cref="IClock.Schedule"/>, never inside the call, as the port promises.
/// </summary>
public sealed partial class VirtualRadio : IWifiRadio
{
    private readonly RadioEnvironment _environment;
    private readonly IClock _clock;
    private readonly IRandom _random;
    private readonly object _gate = new();
    private IScheduledWork? _pendingConnect;
    private AccessPointDefinition? _joined;
    private readonly HashSet<AccessPointDefinition> _down = new();
    private int _nextHost = 100;
    private int _attempt;

    public VirtualRadio(RadioEnvironment environment, IClock clock, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(random);
        _environment = environment;
        _clock = clock;
        _random = random;
    }

    public event WifiLinkLost? LinkLost;

    public RadioEnvironment Environment => _environment;

    /// <summary>The AP the station is associated with and has an address from, or null.</summary>
    public AccessPointDefinition? JoinedAccessPoint
    {
        get
        {
            lock (_gate)
            {
                return _joined;
            }
        }
    }

    public void StartScan(WifiScanCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        Accessory.Simulator.Metrics.SimulatorMetrics.ScanRequests.Inc();
        _clock.Schedule(_environment.Timing.ScanMilliseconds, () => completed(Scan()));
    }

    /// <summary>What a scan sees right now: audible, non-hidden APs on bands the device supports, strongest first.</summary>
    public WifiAccessPoint[] Scan()
    {
        var visible = new List<AccessPointDefinition>();
        foreach (var ap in _environment.AccessPoints)
        {
            if (!ap.Hidden && _environment.Device.CanUse(ap.Band) && !IsDown(ap))
            {
                visible.Add(ap);
            }
        }

        visible.Sort((a, b) => RssiOf(b).CompareTo(RssiOf(a)));
        var result = new WifiAccessPoint[visible.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = EntryOf(visible[i]);
        }

        return result;
    }

    /// <summary>Starts a join; a join still in progress is abandoned without its callback, as a new esp_wifi_connect does.</summary>
    public void Connect(byte[] ssid, byte[] passphrase, byte[] bssid, WifiConnectCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(ssid);
        ArgumentNullException.ThrowIfNull(passphrase);
        ArgumentNullException.ThrowIfNull(bssid);
        ArgumentNullException.ThrowIfNull(completed);
        var ssidCopy = (byte[])ssid.Clone();
        var passCopy = (byte[])passphrase.Clone();
        var bssidCopy = (byte[])bssid.Clone();
        var target = Choose(ssidCopy, bssidCopy);
        int delay = ConnectDelay() + (target != null && Accepts(target, passCopy) ? target.DhcpDelayMilliseconds : 0);
        lock (_gate)
        {
            _pendingConnect?.Cancel();
            _joined = null;
            int attempt = ++_attempt;
            _pendingConnect = _clock.Schedule(delay, () =>
            {
                WifiConnectResult result;
                lock (_gate)
                {
                    // A timer already firing cannot be cancelled; the attempt number tells us it was superseded.
                    if (attempt != _attempt)
                    {
                        return;
                    }

                    _pendingConnect = null;
                    result = Finish(target, passCopy);
                }

                completed(result);
            });
        }
    }

    public void Disconnect()
    {
        lock (_gate)
        {
            _pendingConnect?.Cancel();
            _pendingConnect = null;
            _joined = null;
            _attempt++;
        }
    }

    /// <summary>Fault hook: the AP disappears or deauthenticates us. Raises <see cref="LinkLost"/> if we were joined.</summary>
    public void LoseLink(string reason)
    {
        bool wasJoined;
        lock (_gate)
        {
            wasJoined = _joined != null;
            _joined = null;
        }

        if (wasJoined)
        {
            LinkLost?.Invoke(reason);
        }
    }

    /// <summary>
    /// Fault hook (wifi.ap-lost): every AP of the joined network (all BSSIDs of its SSID) goes off the air for
    /// <paramref name="milliseconds"/>, so the station loses its link and its rejoins find nothing until it returns.
    /// Returns the SSID taken down, or null when the station was not joined.
    /// </summary>
    public byte[]? TakeJoinedNetworkDown(int milliseconds)
    {
        AccessPointDefinition? joined;
        var taken = new List<AccessPointDefinition>();
        lock (_gate)
        {
            joined = _joined;
            if (joined == null)
            {
                return null;
            }

            foreach (var ap in _environment.AccessPoints)
            {
                if (ap.Ssid.AsSpan().SequenceEqual(joined.Ssid) && _down.Add(ap))
                {
                    taken.Add(ap);
                }
            }
        }

        _clock.Schedule(milliseconds, () =>
        {
            lock (_gate)
            {
                foreach (var ap in taken)
                {
                    _down.Remove(ap);
                }
            }
        });
        LoseLink("access point went off the air");
        return joined.Ssid;
    }

    private bool IsDown(AccessPointDefinition ap)
    {
        lock (_gate)
        {
            return _down.Contains(ap) || _takenAway.Contains(ap);
        }
    }

    private static bool Accepts(AccessPointDefinition ap, byte[] passphrase)
    {
        if (ap.Auth == WifiAuthMode.Open)
        {
            return passphrase.Length == 0;
        }

        return passphrase.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(ap.Password));
    }

    private WifiConnectResult Finish(AccessPointDefinition? target, byte[] passphrase)
    {
        if (target == null)
        {
            return WifiConnectResult.Failure(WifiFailReason.NetworkNotFound);
        }

        if (target.Auth == WifiAuthMode.Open && passphrase.Length != 0)
        {
            // ESP-IDF raises the auth threshold to WPA2 when a password is set, so the station finds no compatible
            // AP rather than failing authentication.
            return WifiConnectResult.Failure(WifiFailReason.NetworkNotFound);
        }

        if (!Accepts(target, passphrase))
        {
            return WifiConnectResult.Failure(WifiFailReason.AuthError);
        }

        _joined = target;
        string address = target.Subnet + "." + _nextHost.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _nextHost = _nextHost >= 254 ? 100 : _nextHost + 1;
        return WifiConnectResult.Success(EntryOf(target), address);
    }

    private AccessPointDefinition? Choose(byte[] ssid, byte[] bssid)
    {
        if (ssid.Length == 0)
        {
            return null;
        }

        AccessPointDefinition? best = null;
        foreach (var ap in _environment.AccessPoints)
        {
            bool matches = ap.Ssid.AsSpan().SequenceEqual(ssid)
                && (bssid.Length == 0 || ap.Bssid.AsSpan().SequenceEqual(bssid))
                && _environment.Device.CanUse(ap.Band)
                && (_environment.Device.SupportsWpa3 || ap.Auth != WifiAuthMode.Wpa3Psk)
                && !IsDown(ap);
            if (matches && (best == null || RssiOf(ap) > RssiOf(best)))
            {
                best = ap;
            }
        }

        return best;
    }

    private int ConnectDelay()
    {
        var timing = _environment.Timing;
        int span = timing.ConnectMaxMilliseconds - timing.ConnectMinMilliseconds;
        if (span == 0)
        {
            return timing.ConnectMinMilliseconds;
        }

        var bytes = new byte[4];
        _random.NextBytes(bytes);
        return timing.ConnectMinMilliseconds + (int)(BitConverter.ToUInt32(bytes, 0) % (uint)(span + 1));
    }
}
