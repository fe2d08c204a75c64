namespace Accessory.Core.Ble;

/// <summary>One connected central as the core sees it: an id handlers key their per-connection state on, and its MTU.</summary>
public sealed class GattConnection
{
    /// <summary>ATT's minimum MTU, in force until the central exchanges a larger one.</summary>
    public const int DefaultMtu = 23;

    /// <summary>The largest MTU this server agrees to (ATT's maximum attribute value is 512 bytes).</summary>
    public const int MaxMtu = 517;

    public GattConnection(int id, IGattPeer peer)
    {
        Id = id;
        Peer = peer;
        Mtu = DefaultMtu;
    }

    public int Id { get; }

    public IGattPeer Peer { get; }

    public int Mtu { get; internal set; }

    internal bool MtuExchanged { get; set; }

    /// <summary>How many value bytes fit in one notification (opcode and handle take 3 bytes).</summary>
    public int MaxValueChunk => Mtu - 3;

    /// <summary>How many value bytes fit in one read or read-blob response (only the opcode precedes them).</summary>
    public int MaxReadChunk => Mtu - 1;
}
