namespace Accessory.Core.Ble.Improv;

/// <summary>Improv's error state, with its wire values.</summary>
public enum ImprovError
{
    None = 0x00,
    InvalidRpc = 0x01,
    UnknownRpc = 0x02,
    UnableToConnect = 0x03,
    NotAuthorized = 0x04,
    Unknown = 0xFF,
}
