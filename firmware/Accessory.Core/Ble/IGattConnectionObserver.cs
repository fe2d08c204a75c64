namespace Accessory.Core.Ble;

/// <summary>Implemented by handlers that keep per-connection state, so they can drop it when a central leaves.</summary>
public interface IGattConnectionObserver
{
    void Disconnected(GattConnection connection);
}
