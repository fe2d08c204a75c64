using Accessory.Core.Device;

namespace Accessory.Core.Mdns;

/// <summary>
/// The accessory's own DNS-SD service: _accessory._tcp with TXT keys id (device id), model, fw (firmware version),
/// proto (protocol version) and state (where the device is in its life), so a phone can tell from the browse
/// result alone whether the device still needs provisioning.
/// </summary>
public static class AccessoryServiceTxt
{
    public const string ServiceType = "_accessory._tcp";

    public const string IdKey = "id";
    public const string ModelKey = "model";
    public const string FirmwareKey = "fw";
    public const string ProtocolKey = "proto";
    public const string StateKey = "state";

    /// <summary>The TXT strings for these values, in a fixed key order.</summary>
    public static byte[][] Build(string deviceId, string model, string firmwareVersion, string protocolVersion, DeviceState state)
    {
        return MdnsService.TxtFromPairs(
            new string[] { IdKey, ModelKey, FirmwareKey, ProtocolKey, StateKey },
            new string?[] { deviceId, model, firmwareVersion, protocolVersion, StateText(state) });
    }

    /// <summary>The service to hand to <see cref="MdnsResponder.AddService"/>.</summary>
    public static MdnsService CreateService(string instanceName, int port, string deviceId, string model, string firmwareVersion, string protocolVersion, DeviceState state)
    {
        return new MdnsService(instanceName, ServiceType, port, Build(deviceId, model, firmwareVersion, protocolVersion, state));
    }

    /// <summary>The advertised value of the state key (stable words; the enum's numbers are not for phones).</summary>
    public static string StateText(DeviceState state)
    {
        switch (state)
        {
            case DeviceState.Unprovisioned:
                return "unprovisioned";
            case DeviceState.Provisioning:
                return "provisioning";
            case DeviceState.Connecting:
                return "connecting";
            case DeviceState.Online:
                return "online";
            default:
                return "unknown";
        }
    }
}
