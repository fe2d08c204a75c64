using System.Net;
using Accessory.Core.Mdns;
using Accessory.Simulator.LocalApi;

namespace Accessory.Simulator.Tests.Ble.Improv;

/// <summary>What our device is expected to tell an Improv client, derived from the running device.</summary>
internal static class ImprovExpectations
{
    public const byte StateAuthorizationRequired = 0x01;
    public const byte StateAuthorized = 0x02;
    public const byte StateProvisioning = 0x03;
    public const byte StateProvisioned = 0x04;

    public const byte NoError = 0x00;
    public const byte InvalidRpc = 0x01;
    public const byte UnknownRpc = 0x02;
    public const byte UnableToConnect = 0x03;
    public const byte NotAuthorized = 0x04;

    /// <summary>A local API on a free loopback port, so provisioning has a URL to redirect to.</summary>
    public static LocalApiOptions LoopbackLocalApi => new() { BindAddress = IPAddress.Loopback, HttpsPort = 0 };

    /// <summary>The URL(s) a provisioned device names: its local API when it serves one, else none.</summary>
    public static string[] RedirectUrls(BleDevice ble)
    {
        var api = ble.Device.LocalApi;
        return api is null ? [] : [$"https://{MdnsNaming.HostLabelFor(ble.Device.Name)}.local:{api.HttpsEndPoint.Port}/api/v1/info"];
    }

    /// <summary>Device info: firmware name, firmware version, chip (our model), device name — the simulator's defaults.</summary>
    public static string[] DeviceInfo(BleDevice ble) => ["Accessory", "0.1.0", "sim-lamp", ble.Device.Name];
}
