namespace Accessory.Core.Ble;

/// <summary>
/// Serves one characteristic's value. Reads return the whole value (the server slices it by offset and MTU); writes
/// arrive as (offset, bytes) pieces as the transport delivers them: a handler whose values can exceed one ATT packet
/// assembles them itself (offset 0 starts a new value), because only it knows when a request is complete.
/// </summary>
public interface IGattValueHandler
{
    GattReadResult Read(GattConnection connection, int offset);

    GattStatus Write(GattConnection connection, int offset, byte[] data);
}
