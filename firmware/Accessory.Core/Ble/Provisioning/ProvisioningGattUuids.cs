using Accessory.Core.Provisioning;

namespace Accessory.Core.Ble.Provisioning;

/// <summary>
/// UUIDs of ESP-IDF's BLE provisioning service. Each endpoint characteristic is the service UUID with its 16-bit
/// field (bytes 2-3) replaced, so a phone that knows the service UUID also knows every endpoint.
/// </summary>
public static class ProvisioningGattUuids
{
    /// <summary>The service UUID of ESP-IDF's provisioning examples, which Espressif's phone apps are tried against.</summary>
    public const string DefaultService = "021a9004-0382-4aea-bff4-6b3f1c5adfb4";

    /// <summary>The UUID ESP-IDF falls back to when a product sets none.</summary>
    public const string EspIdfBuiltInService = "1775244d-6b43-439b-877c-060f2d9bed07";

    public const int Control = 0xFF4F;
    public const int Scan = 0xFF50;
    public const int Session = 0xFF51;
    public const int Config = 0xFF52;
    public const int ProtoVersion = 0xFF53;

    /// <summary>Custom endpoints take this and the following values in the order they were created.</summary>
    public const int FirstCustom = 0xFF54;

    /// <summary>The fixed 16-bit field of a built-in endpoint; -1 for a custom endpoint.</summary>
    public static int FixedShortField(string endpoint)
    {
        switch (endpoint)
        {
            case EndpointNames.Control:
                return Control;
            case EndpointNames.Scan:
                return Scan;
            case EndpointNames.Session:
                return Session;
            case EndpointNames.Config:
                return Config;
            case EndpointNames.ProtoVersion:
                return ProtoVersion;
            default:
                return -1;
        }
    }
}
