using Accessory.Core.Provisioning;

namespace Accessory.Simulator.Tests.Fakes;

/// <summary>
/// A security scheme whose handshake is any prov-session message and whose cipher is the identity: enough to see
/// which session the transport routes each request to.
/// </summary>
public sealed class FakeSecurityScheme : ISecurityScheme
{
    private readonly object _gate = new();
    private readonly HashSet<uint> _open = [];
    private readonly HashSet<uint> _established = [];

    public int Version => 0;

    public List<string> Events { get; } = [];

    public uint[] OpenSessions
    {
        get
        {
            lock (_gate)
            {
                return [.. _open];
            }
        }
    }

    public void OpenSession(uint sessionId)
    {
        lock (_gate)
        {
            _open.Add(sessionId);
            Events.Add("open " + sessionId);
        }
    }

    public void CloseSession(uint sessionId)
    {
        lock (_gate)
        {
            _open.Remove(sessionId);
            _established.Remove(sessionId);
            Events.Add("close " + sessionId);
        }
    }

    public bool IsEstablished(uint sessionId)
    {
        lock (_gate)
        {
            return _established.Contains(sessionId);
        }
    }

    public byte[] HandleSessionRequest(uint sessionId, byte[] request)
    {
        lock (_gate)
        {
            if (!_open.Contains(sessionId))
            {
                throw new InvalidOperationException("session " + sessionId + " is not open");
            }

            _established.Add(sessionId);
            return System.Text.Encoding.ASCII.GetBytes("established " + sessionId);
        }
    }

    public byte[] Decrypt(uint sessionId, byte[] data) => data;

    public byte[] Encrypt(uint sessionId, byte[] data) => data;
}
