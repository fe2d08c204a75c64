namespace Accessory.Core.Device;

/// <summary>Raised after every transition, including a retry that stays in <see cref="DeviceState.Connecting"/>.</summary>
public delegate void DeviceStateChangedHandler(DeviceState from, DeviceState to, DeviceTrigger trigger);
