namespace Accessory.Core.Provisioning;

/// <summary>The endpoint names of ESP-IDF's wifi_provisioning; transports map URIs or UUIDs to these.</summary>
public static class EndpointNames
{
    public const string ProtoVersion = "proto-ver";
    public const string Session = "prov-session";
    public const string Config = "prov-config";
    public const string Scan = "prov-scan";
    public const string Control = "prov-ctrl";
    public const string CustomData = "custom-data";
}
