namespace Accessory.Core.Ble;

/// <summary>The transport's side of one connection: how the core pushes a notification to that central.</summary>
public interface IGattPeer
{
    /// <summary>Sends a notification; <paramref name="value"/> already fits the connection's MTU.</summary>
    void Notify(int valueHandle, byte[] value);
}
