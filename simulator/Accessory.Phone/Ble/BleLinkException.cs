namespace Accessory.Phone.Ble;

/// <summary>
/// The device refused a request (an ATT status such as 0x03 write not permitted, or an error frame) or the link
/// broke; <see cref="AttStatus"/> is -1 when there was no status.
/// </summary>
public sealed class BleLinkException : Exception
{
    public BleLinkException()
    {
    }

    public BleLinkException(string message)
        : base(message)
    {
    }

    public BleLinkException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public BleLinkException(string message, int attStatus)
        : base(message)
    {
        AttStatus = attStatus;
    }

    public int AttStatus { get; } = -1;
}
