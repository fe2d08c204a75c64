namespace Accessory.Core.WebSockets;

/// <summary>One decoded frame: the payload is already unmasked.</summary>
public sealed class WebSocketFrame
{
    public WebSocketFrame(bool fin, int opcode, byte[] payload)
    {
        Fin = fin;
        Opcode = opcode;
        Payload = payload ?? new byte[0];
    }

    /// <summary>True on the last frame of a message.</summary>
    public bool Fin { get; }

    public int Opcode { get; }

    public byte[] Payload { get; }
}
