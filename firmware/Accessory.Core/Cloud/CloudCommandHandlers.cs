namespace Accessory.Core.Cloud;

/// <summary>The cloud asked the device to blink its status LED for <paramref name="seconds"/>.</summary>
public delegate void IdentifyRequestedHandler(int seconds);

/// <summary>The cloud asked for a reboot or a factory reset; the body performs it after the result went out.</summary>
public delegate void CloudActionRequestedHandler();
