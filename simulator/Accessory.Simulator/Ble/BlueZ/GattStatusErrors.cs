using System.Globalization;
using Accessory.Core.Ble;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>
/// ATT statuses as the D-Bus errors bluetoothd turns back into ATT error responses; anything without its own
/// BlueZ error becomes Failed (bluetoothd answers "unlikely error" for it).
/// </summary>
internal static class GattStatusErrors
{
    public static string Name(GattStatus status) => status switch
    {
        GattStatus.InvalidOffset => BluezNames.ErrorInvalidOffset,
        GattStatus.InvalidAttributeValueLength => BluezNames.ErrorInvalidValueLength,
        GattStatus.ReadNotPermitted or GattStatus.WriteNotPermitted => BluezNames.ErrorNotPermitted,
        GattStatus.RequestNotSupported => BluezNames.ErrorNotSupported,
        _ => BluezNames.ErrorFailed,
    };

    public static string Message(GattStatus status) =>
        string.Format(CultureInfo.InvariantCulture, "ATT error 0x{0:x2} ({1})", (int)status, status);
}
