using Accessory.Core.Ports;
using Accessory.Core.Wifi;

namespace Accessory.Core.Tests.Fakes;

/// <summary>
/// A station radio over a list of <see cref="FakeNetwork"/>s. Scans and joins complete on the
/// <see cref="ManualClock"/> after <see cref="ScanDelayMilliseconds"/> / <see cref="ConnectDelayMilliseconds"/>,
/// never inside the call that started them, as the port requires.
/// </summary>
public sealed class FakeWifiRadio : IWifiRadio
{
    private readonly ManualClock _clock;
    private readonly object _gate = new();
    private readonly List<string> _connectLog = new();

    public FakeWifiRadio(ManualClock clock, params FakeNetwork[] networks)
    {
        _clock = clock;
        Networks = new List<FakeNetwork>(networks);
    }

    public event WifiLinkLost? LinkLost;

    public List<FakeNetwork> Networks { get; }

    public int ScanDelayMilliseconds { get; set; } = 100;

    public int ConnectDelayMilliseconds { get; set; } = 200;

    /// <summary>Set whenever a scan starts, so a test can wait for a blocking handler to reach the radio.</summary>
    public ManualResetEventSlim ScanStarted { get; } = new(false);

    public int ScanCount { get; private set; }

    public int DisconnectCount { get; private set; }

    /// <summary>SSIDs of the join attempts so far (as UTF-8 text), in order.</summary>
    public IReadOnlyList<string> ConnectAttempts
    {
        get
        {
            lock (_gate)
            {
                return _connectLog.ToArray();
            }
        }
    }

    public void StartScan(WifiScanCompleted completed)
    {
        lock (_gate)
        {
            ScanCount++;
        }

        var seen = Networks.Select(n => n.AccessPoint).ToArray();
        _clock.Schedule(ScanDelayMilliseconds, () => completed(seen));
        ScanStarted.Set();
    }

    public void Connect(byte[] ssid, byte[] passphrase, byte[] bssid, WifiConnectCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(ssid);
        ArgumentNullException.ThrowIfNull(passphrase);
        ArgumentNullException.ThrowIfNull(bssid);
        lock (_gate)
        {
            _connectLog.Add(System.Text.Encoding.UTF8.GetString(ssid));
        }

        var result = Join(ssid, passphrase, bssid);
        _clock.Schedule(ConnectDelayMilliseconds, () => completed(result));
    }

    public void Disconnect()
    {
        DisconnectCount++;
    }

    /// <summary>Simulates the AP dropping an established link.</summary>
    public void DropLink(string reason) => LinkLost?.Invoke(reason);

    private WifiConnectResult Join(byte[] ssid, byte[] passphrase, byte[] bssid)
    {
        var network = Networks.FirstOrDefault(n => n.AccessPoint.Ssid.AsSpan().SequenceEqual(ssid) && (bssid.Length == 0 || n.AccessPoint.Bssid.AsSpan().SequenceEqual(bssid)));
        if (network == null)
        {
            return WifiConnectResult.Failure(WifiFailReason.NetworkNotFound);
        }

        bool open = network.AccessPoint.Auth == WifiAuthMode.Open;
        if (!open && !System.Text.Encoding.UTF8.GetBytes(network.Password).AsSpan().SequenceEqual(passphrase))
        {
            return WifiConnectResult.Failure(WifiFailReason.AuthError);
        }

        return WifiConnectResult.Success(network.AccessPoint, network.Ip4Address);
    }
}
