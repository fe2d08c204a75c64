using Accessory.Core.Wifi;

namespace Accessory.Simulator.Radio;

/// <summary>One access point of the virtual radio environment, as the environment file describes it.</summary>
public sealed class AccessPointDefinition
{
    public required byte[] Ssid { get; init; }

    public required byte[] Bssid { get; init; }

    public required int Channel { get; init; }

    public required WifiBand Band { get; init; }

    public required int Rssi { get; init; }

    public required WifiAuthMode Auth { get; init; }

    /// <summary>Empty for open networks. Only compared, never logged.</summary>
    public string Password { get; init; } = string.Empty;

    /// <summary>Hidden APs send no SSID in beacons: absent from scans, joinable by exact name.</summary>
    public bool Hidden { get; init; }

    /// <summary>First three octets of the addresses its DHCP server hands out, e.g. "192.168.1".</summary>
    public string Subnet { get; init; } = "192.168.1";

    /// <summary>Extra time between association and the DHCP lease (a slow router).</summary>
    public int DhcpDelayMilliseconds { get; init; }

    /// <summary>Line in the environment file where this AP starts (0 when built in code), for messages.</summary>
    public int SourceLine { get; init; }

    public WifiAccessPoint ToScanEntry() => new WifiAccessPoint((byte[])Ssid.Clone(), (byte[])Bssid.Clone(), Channel, Rssi, Auth);
}
