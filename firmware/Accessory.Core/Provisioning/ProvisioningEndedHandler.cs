namespace Accessory.Core.Provisioning;

/// <summary>Raised once when provisioning ends, so the body can switch the SoftAP or BLE advertising off.</summary>
public delegate void ProvisioningEndedHandler(string reason);
