using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator;

/// <summary>How to start one simulated device.</summary>
public sealed class DeviceOptions
{
    /// <summary>Folder holding this device's settings (its NVS). Created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Overrides the advertised name derived from the MAC (PROV_XXXXXX).</summary>
    public string? Name { get; init; }

    /// <summary>The networks around the device and how fast the radio is; the shipped default when null.</summary>
    public RadioEnvironment? RadioEnvironment { get; init; }

    /// <summary>Provisioning over HTTP while unprovisioned; null turns it off.</summary>
    public SoftApOptions? SoftAp { get; init; }

    /// <summary>mDNS / DNS-SD advertising; null turns it off (the default: it multicasts on a real interface).</summary>
    public Accessory.Simulator.Mdns.AdvertiserOptions? Mdns { get; init; }

    /// <summary>The cloud link over MQTT (connects once the device is online); null turns it off.</summary>
    public Accessory.Simulator.Mqtt.CloudOptions? Cloud { get; init; }

    /// <summary>The local control API over HTTPS/WebSocket (served while online); null turns it off.</summary>
    public Accessory.Simulator.LocalApi.LocalApiOptions? LocalApi { get; init; }

    /// <summary>BLE (ESP-IDF provisioning while offered, Improv, device information, control); null turns it off.</summary>
    public Accessory.Simulator.Ble.BleOptions? Ble { get; init; }

    /// <summary>Wi-Fi Aware publishing and data paths over the UDP medium; null turns it off (it multicasts).</summary>
    public Accessory.Simulator.Nan.NanOptions? Nan { get; init; }

    /// <summary>The faults this device applies; switchable at run time. A fresh, empty set when null.</summary>
    public Accessory.Simulator.Faults.ActiveFaults? Faults { get; init; }

    /// <summary>Creates the provisioning listener (tests put it in a network namespace); a plain socket when null.</summary>
    public Func<System.Net.IPEndPoint, System.Net.Sockets.Socket>? CreateListener { get; init; }
}
