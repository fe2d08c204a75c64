namespace Accessory.Core.Ble;

/// <summary>ATT error codes (Bluetooth Core, Vol 3 Part F 3.4.1.1) a handler may answer with; Success is 0.</summary>
public enum GattStatus
{
    Success = 0x00,
    InvalidHandle = 0x01,
    ReadNotPermitted = 0x02,
    WriteNotPermitted = 0x03,
    InvalidPdu = 0x04,
    RequestNotSupported = 0x06,
    InvalidOffset = 0x07,
    InsufficientAuthorization = 0x08,
    AttributeNotLong = 0x0B,
    InvalidAttributeValueLength = 0x0D,
    UnlikelyError = 0x0E,
    InsufficientResources = 0x11,
    ValueNotAllowed = 0x13,
}
