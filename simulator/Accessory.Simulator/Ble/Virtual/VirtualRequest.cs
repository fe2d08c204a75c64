namespace Accessory.Simulator.Ble.Virtual;

/// <summary>One well-formed request; only the fields its opcode carries are meaningful.</summary>
public sealed record VirtualRequest(VirtualOpcode Opcode, int Id)
{
    public int Handle { get; init; }

    public int Offset { get; init; }

    public int Mtu { get; init; }

    public bool On { get; init; }

    public bool WithoutResponse { get; init; }

    public byte[] Data { get; init; } = [];
}
