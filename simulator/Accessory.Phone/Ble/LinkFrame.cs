namespace Accessory.Phone.Ble;

/// <summary>
/// A frame from the device: a response (opcode | 0x80, with an ATT status), a notification (0x40) or an error frame
/// (0xFF, with a status, the opcode it refuses and a message). <see cref="Status"/> is -1 for notifications.
/// </summary>
public sealed record LinkFrame(int Opcode, int Id, int Status, byte[] Payload)
{
    public const int Notification = 0x40;
    public const int Error = 0xFF;

    public int RefusedOpcode { get; init; }

    public string Message { get; init; } = "";

    public bool IsNotification => Opcode == Notification;

    public bool IsError => Opcode == Error;
}
