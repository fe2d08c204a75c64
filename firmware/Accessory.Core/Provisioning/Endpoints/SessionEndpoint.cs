namespace Accessory.Core.Provisioning.Endpoints;

/// <summary>prov-session: hands the handshake to the security scheme (the router does not encrypt this endpoint).</summary>
public sealed class SessionEndpoint : IProtocommEndpoint
{
    private readonly ISecurityScheme _security;

    public SessionEndpoint(ISecurityScheme security)
    {
        _security = security;
    }

    public byte[] Handle(uint sessionId, byte[] request) => _security.HandleSessionRequest(sessionId, request);
}
