using Accessory.Core.Ble;

namespace Accessory.Simulator.Ble.Virtual;

/// <summary>Why a frame was refused: what goes into the error frame (id 0 when the id could not be read).</summary>
public sealed record VirtualFrameError(int Id, GattStatus Status, byte Opcode, string Message);
