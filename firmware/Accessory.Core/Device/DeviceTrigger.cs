namespace Accessory.Core.Device;

/// <summary>What can happen to a device; <see cref="DeviceLifecycle"/> decides which state follows.</summary>
public enum DeviceTrigger
{
    /// <summary>A provisioning transport (SoftAP, BLE) started accepting a phone.</summary>
    StartProvisioning,

    /// <summary>The phone sent credentials and asked to apply them.</summary>
    CredentialsApplied,

    /// <summary>The station associated and got an IP address.</summary>
    Connected,

    /// <summary>The station gave up joining (wrong password, network not found).</summary>
    ConnectionFailed,

    /// <summary>An established Wi-Fi link dropped.</summary>
    ConnectionLost,

    /// <summary>An owner asked to provision again while keeping the device running.</summary>
    Reprovision,

    /// <summary>Settings were erased (button hold, command, API).</summary>
    FactoryReset,

    /// <summary>The device restarted with its settings kept: it boots again from what is stored.</summary>
    Reboot,
}
