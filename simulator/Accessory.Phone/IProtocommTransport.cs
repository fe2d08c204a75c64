namespace Accessory.Phone;

/// <summary>
/// How a phone exchanges one protocomm message with a device endpoint ("proto-ver", "prov-session", ...): an HTTP
/// POST on softAP, a characteristic write then read over BLE. Synchronous, like the security clients' handshake.
/// </summary>
public interface IProtocommTransport
{
    byte[] Post(string endpoint, byte[] body);
}
