using Accessory.Core.Ble;

namespace Accessory.Simulator.Tests.Ble;

/// <summary>A value that never changes; writes are accepted and dropped.</summary>
internal sealed class FixedValueHandler(byte[] value) : IGattValueHandler
{
    public GattReadResult Read(GattConnection connection, int offset) => GattReadResult.Ok(value);

    public GattStatus Write(GattConnection connection, int offset, byte[] data) => GattStatus.Success;
}
