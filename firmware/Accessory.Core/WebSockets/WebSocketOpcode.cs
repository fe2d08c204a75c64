namespace Accessory.Core.WebSockets;

/// <summary>RFC 6455 frame opcodes (section 5.2).</summary>
public static class WebSocketOpcode
{
    public const int Continuation = 0x0;
    public const int Text = 0x1;
    public const int Binary = 0x2;
    public const int Close = 0x8;
    public const int Ping = 0x9;
    public const int Pong = 0xA;

    /// <summary>Close, ping and pong: at most 125 bytes of payload and never fragmented.</summary>
    public static bool IsControl(int opcode) => (opcode & 0x8) != 0;
}
