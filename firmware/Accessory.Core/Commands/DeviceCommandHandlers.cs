namespace Accessory.Core.Commands;

/// <summary>A command asked the device to blink its status LED for <paramref name="seconds"/>.</summary>
public delegate void IdentifyRequestedHandler(int seconds);

/// <summary>
/// A command asked for a reboot or a factory reset. It is raised once the result is built and handed to the
/// transport, but possibly before it is on the wire: a body that reboots delays the reboot long enough for it.
/// </summary>
public delegate void DeviceActionRequestedHandler();
