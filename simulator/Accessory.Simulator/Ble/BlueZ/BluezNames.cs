namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>The D-Bus names BlueZ's API is made of (doc/org.bluez.*.rst).</summary>
internal static class BluezNames
{
    public const string Service = "org.bluez";
    public const string Adapter = "org.bluez.Adapter1";
    public const string GattManager = "org.bluez.GattManager1";
    public const string AdvertisingManager = "org.bluez.LEAdvertisingManager1";
    public const string GattService = "org.bluez.GattService1";
    public const string GattCharacteristic = "org.bluez.GattCharacteristic1";
    public const string GattDescriptor = "org.bluez.GattDescriptor1";
    public const string Advertisement = "org.bluez.LEAdvertisement1";
    public const string ObjectManager = "org.freedesktop.DBus.ObjectManager";
    public const string Properties = "org.freedesktop.DBus.Properties";

    public const string ErrorFailed = "org.bluez.Error.Failed";
    public const string ErrorInvalidOffset = "org.bluez.Error.InvalidOffset";
    public const string ErrorInvalidValueLength = "org.bluez.Error.InvalidValueLength";
    public const string ErrorNotPermitted = "org.bluez.Error.NotPermitted";
    public const string ErrorNotSupported = "org.bluez.Error.NotSupported";
    public const string ErrorAlreadyExists = "org.bluez.Error.AlreadyExists";
    public const string ErrorInvalidArguments = "org.freedesktop.DBus.Error.InvalidArgs";
    public const string ErrorUnknownProperty = "org.freedesktop.DBus.Error.UnknownProperty";
}
