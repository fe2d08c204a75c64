using System;

namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// The prov-session endpoint: hands SessionData to the security scheme. Refusals surface as
/// <see cref="SecuritySessionException"/>, which the router reports as a handler failure (the socket is closed).
/// </summary>
public sealed class SessionEndpoint : IProtocommEndpoint
{
    private readonly ISecurityScheme _security;

    public SessionEndpoint(ISecurityScheme security)
    {
        _security = security ?? throw new ArgumentNullException(nameof(security));
    }

    public byte[] Handle(uint sessionId, byte[] request) => _security.HandleSessionRequest(sessionId, request);
}
