using System.Globalization;
using Accessory.Core.Text;
using Accessory.Core.Wifi;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Radio;

/// <summary>
/// Hand controls over the environment, for the dashboard and the control API: take one AP (by BSSID) off the air
/// until it is brought back, or change the signal strength the device hears from it. Separate from the
/// wifi.ap-lost fault, whose outage ends by itself.
/// </summary>
public sealed partial class VirtualRadio
{
    public const int MinRssi = -100;
    public const int MaxRssi = -10;
    private readonly HashSet<AccessPointDefinition> _takenAway = [];
    private readonly Dictionary<AccessPointDefinition, int> _rssi = [];

    /// <summary>Raised after a hand control changed the environment, with a sentence saying what changed.</summary>
    public event Action<string>? EnvironmentChanged;

    /// <summary>Every AP of the environment as the device hears it now, strongest first.</summary>
    public IReadOnlyList<AccessPointView> Describe()
    {
        var joined = JoinedAccessPoint;
        var views = new List<AccessPointView>();
        foreach (var ap in _environment.AccessPoints)
        {
            bool down;
            bool takenAway;
            lock (_gate)
            {
                down = _down.Contains(ap);
                takenAway = _takenAway.Contains(ap);
            }

            views.Add(new AccessPointView(
                Utf8.IsValid(ap.Ssid) ? Utf8.Decode(ap.Ssid) : null,
                Hex.Encode(ap.Ssid),
                BssidText(ap.Bssid),
                ap.Band.ToString(),
                ap.Channel,
                RssiOf(ap),
                ap.Auth.ToString(),
                ap.Hidden,
                _environment.Device.CanUse(ap.Band),
                down || takenAway,
                takenAway,
                ReferenceEquals(ap, joined)));
        }

        return views.OrderByDescending(v => v.Rssi).ToList();
    }

    /// <summary>Takes the AP off the air until <see cref="BringBack"/>; a station joined to it loses its link.</summary>
    /// <exception cref="ArgumentException">No AP has that BSSID.</exception>
    public void TakeAway(string bssid)
    {
        var ap = Find(bssid);
        bool wasJoined;
        lock (_gate)
        {
            if (!_takenAway.Add(ap))
            {
                return;
            }

            wasJoined = ReferenceEquals(_joined, ap);
        }

        if (wasJoined)
        {
            LoseLink("access point taken off the air");
        }

        EnvironmentChanged?.Invoke($"access point {BssidText(ap.Bssid)} ({Label(ap)}) taken off the air");
    }

    /// <exception cref="ArgumentException">No AP has that BSSID.</exception>
    public void BringBack(string bssid)
    {
        var ap = Find(bssid);
        lock (_gate)
        {
            if (!_takenAway.Remove(ap))
            {
                return;
            }
        }

        EnvironmentChanged?.Invoke($"access point {BssidText(ap.Bssid)} ({Label(ap)}) back on the air");
    }

    /// <exception cref="ArgumentException">No AP has that BSSID, or the value is outside -100..-10 dBm.</exception>
    public void SetRssi(string bssid, int rssi)
    {
        if (rssi is < MinRssi or > MaxRssi)
        {
            throw new ArgumentException($"RSSI {rssi} dBm is outside {MinRssi}..{MaxRssi} dBm", nameof(rssi));
        }

        var ap = Find(bssid);
        lock (_gate)
        {
            _rssi[ap] = rssi;
        }

        EnvironmentChanged?.Invoke($"access point {BssidText(ap.Bssid)} ({Label(ap)}) now heard at {rssi.ToString(CultureInfo.InvariantCulture)} dBm");
    }

    public static string BssidText(byte[] bssid) => string.Join(':', bssid.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    private static string Label(AccessPointDefinition ap) => Utf8.IsValid(ap.Ssid) ? "\"" + Utf8.Decode(ap.Ssid) + "\"" : "0x" + Hex.Encode(ap.Ssid);

    private int RssiOf(AccessPointDefinition ap)
    {
        lock (_gate)
        {
            return _rssi.TryGetValue(ap, out int rssi) ? rssi : ap.Rssi;
        }
    }

    private WifiAccessPoint EntryOf(AccessPointDefinition ap) => new((byte[])ap.Ssid.Clone(), (byte[])ap.Bssid.Clone(), ap.Channel, RssiOf(ap), ap.Auth);

    private AccessPointDefinition Find(string bssid)
    {
        var mac = MacAddressText.TryParse(bssid)
            ?? throw new ArgumentException($"'{bssid}' is not a BSSID (six hex bytes separated by ':', e.g. 02:00:00:00:00:01)", nameof(bssid));
        foreach (var ap in _environment.AccessPoints)
        {
            if (ap.Bssid.AsSpan().SequenceEqual(mac))
            {
                return ap;
            }
        }

        throw new ArgumentException($"no access point with BSSID {BssidText(mac)} in the environment", nameof(bssid));
    }
}

/// <summary>One AP as the dashboard shows it; <see cref="Ssid"/> is null when the name is not UTF-8 (see SsidHex).</summary>
public sealed record AccessPointView(
    string? Ssid, string SsidHex, string Bssid, string Band, int Channel, int Rssi, string Auth, bool Hidden, bool Usable, bool Down, bool TakenAway, bool Joined);
