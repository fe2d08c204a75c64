using Accessory.Core.Provisioning;

namespace Accessory.Core.Tests.Fakes;

/// <summary>
/// A test-only security scheme: every opened session counts as established and the cipher is the identity, so
/// endpoint tests do not depend on the real sec0/sec1/sec2 schemes. prov-session echoes what it receives.
/// </summary>
public sealed class PassThroughSecurity : ISecurityScheme
{
    private readonly HashSet<uint> _sessions = new();

    public PassThroughSecurity(int version = 2)
    {
        Version = version;
    }

    public int Version { get; }

    public List<byte[]> SessionRequests { get; } = new();

    public void OpenSession(uint sessionId) => _sessions.Add(sessionId);

    public void CloseSession(uint sessionId) => _sessions.Remove(sessionId);

    public bool IsEstablished(uint sessionId) => _sessions.Contains(sessionId);

    public byte[] HandleSessionRequest(uint sessionId, byte[] request)
    {
        SessionRequests.Add(request);
        return request.ToArray();
    }

    public byte[] Decrypt(uint sessionId, byte[] data) => data.ToArray();

    public byte[] Encrypt(uint sessionId, byte[] data) => data.ToArray();
}
