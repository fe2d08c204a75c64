namespace Accessory.Core.Ble.Control;

/// <summary>
/// The lamp control service. Our own 128-bit UUIDs (random, generated once for this product); like ESP-IDF's
/// provisioning service, the characteristics differ from the service only in the 16-bit field (bytes 2-3).
/// </summary>
public static class ControlGattUuids
{
    /// <summary>c3080001-d430-4330-960b-cb7fe17134bb.</summary>
    public const string Service = "c3080001-d430-4330-960b-cb7fe17134bb";

    /// <summary>Read/notify: the lamp state JSON, {"on":bool,"brightness":n}.</summary>
    public const int State = 0x0002;

    /// <summary>Write: one command, "&lt;name&gt;\n&lt;json object&gt;" (see <see cref="CommandFrame"/>).</summary>
    public const int Command = 0x0003;

    /// <summary>Read/notify: the last command's outcome JSON, as MQTT and the local API return it.</summary>
    public const int Result = 0x0004;

    public static BleUuid ServiceUuid => BleUuid.Parse(Service);

    public static BleUuid Characteristic(int field) => ServiceUuid.WithShortField(field);
}
