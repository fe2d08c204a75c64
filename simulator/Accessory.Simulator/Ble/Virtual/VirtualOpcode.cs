namespace Accessory.Simulator.Ble.Virtual;

/// <summary>Frame opcodes of the virtual link (docs/ble-virtual-link.md); a response is its request's opcode | 0x80.</summary>
public enum VirtualOpcode : byte
{
    Hello = 0x01,
    ExchangeMtu = 0x02,
    Discover = 0x03,
    Read = 0x04,
    Write = 0x05,
    Subscribe = 0x06,
    Disconnect = 0x07,
    Notification = 0x40,
    Error = 0xFF,
}
