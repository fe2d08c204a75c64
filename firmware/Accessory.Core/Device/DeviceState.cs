namespace Accessory.Core.Device;

/// <summary>Where a device is in its life; advertised over mDNS and the local API, so never renumber.</summary>
public enum DeviceState
{
    Unprovisioned = 0,
    Provisioning = 1,
    Connecting = 2,
    Online = 3,
}
