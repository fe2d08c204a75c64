namespace Accessory.Core.Provisioning;

/// <summary>
/// A named bytes-in/bytes-out handler (prov-config, prov-scan, custom-data...). It sees plaintext: the router
/// decrypts requests and encrypts responses. Throwing means "handler failed": the transport then drops the
/// connection as ESP-IDF does; protocol-level refusals are normal responses with a status field.
/// </summary>
public interface IProtocommEndpoint
{
    byte[] Handle(uint sessionId, byte[] request);
}
