namespace Accessory.Core.Provisioning.Messages;

/// <summary>wifi_constants.proto's WifiStationState; the device never reports Disconnected during provisioning.</summary>
public enum StationState
{
    Connected = 0,
    Connecting = 1,
    Disconnected = 2,
    ConnectionFailed = 3,
}
