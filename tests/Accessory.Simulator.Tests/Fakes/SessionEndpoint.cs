using Accessory.Core.Provisioning;

namespace Accessory.Simulator.Tests.Fakes;

/// <summary>prov-session: hands the message to the scheme, as the real session endpoint does.</summary>
public sealed class SessionEndpoint(ISecurityScheme scheme) : IProtocommEndpoint
{
    public byte[] Handle(uint sessionId, byte[] request) => scheme.HandleSessionRequest(sessionId, request);
}
