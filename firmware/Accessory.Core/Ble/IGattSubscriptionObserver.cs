namespace Accessory.Core.Ble;

/// <summary>
/// Implemented by handlers that must know when a central switches notifications on or off: a transport that hands
/// ATT to another stack (the emulated nanoFramework board raises SubscribedClientsChanged from it).
/// </summary>
public interface IGattSubscriptionObserver
{
    void SubscriptionChanged(GattConnection connection, bool subscribed);
}
