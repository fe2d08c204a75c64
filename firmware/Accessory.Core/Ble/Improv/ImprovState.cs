namespace Accessory.Core.Ble.Improv;

/// <summary>Improv's current state, with its wire values.</summary>
public enum ImprovState
{
    AuthorizationRequired = 0x01,
    Authorized = 0x02,
    Provisioning = 0x03,
    Provisioned = 0x04,
}
