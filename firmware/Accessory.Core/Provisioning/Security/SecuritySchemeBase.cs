using Accessory.Core.Protobuf;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// What sec0/sec1/sec2 share: the session table, SessionData framing (sec_ver must match the scheme, the payload
/// must be this scheme's oneof member) and the rule that a failed handshake step leaves the session unestablished.
/// </summary>
public abstract class SecuritySchemeBase : ISecurityScheme, ISecuritySchemeInfo
{
    private readonly SessionTable _sessions = new SessionTable();

    public abstract int Version { get; }

    public int SecurityVersion => Version;

    public virtual int PatchVersion => 0;

    public abstract bool UsesProofOfPossession { get; }

    /// <summary>Number of open sessions (established or not).</summary>
    public int SessionCount => _sessions.Count;

    public void OpenSession(uint sessionId)
    {
        SecuritySession? previous = _sessions.Put(CreateSession(sessionId));
        if (previous != null)
        {
            ResetLocked(previous);
        }
    }

    public void CloseSession(uint sessionId)
    {
        SecuritySession? session = _sessions.Remove(sessionId);
        if (session != null)
        {
            ResetLocked(session);
        }
    }

    public bool IsEstablished(uint sessionId)
    {
        SecuritySession? session = _sessions.Find(sessionId);
        if (session == null)
        {
            return false;
        }

        lock (session)
        {
            return session.IsEstablished;
        }
    }

    public byte[] HandleSessionRequest(uint sessionId, byte[] request)
    {
        if (request == null)
        {
            throw new SecuritySessionException(StatusCode.InvalidProto, "no SessionData");
        }

        SessionDataMessage message;
        try
        {
            message = SessionDataMessage.Decode(request);
        }
        catch (ProtoFormatException e)
        {
            throw new SecuritySessionException(StatusCode.InvalidProto, "malformed SessionData: " + e.Message, e);
        }

        if (message.SecurityVersion != Version)
        {
            throw new SecuritySessionException(StatusCode.InvalidSecScheme, "SessionData asks for security " + message.SecurityVersion + ", this device uses security " + Version);
        }

        int expectedField = SessionDataMessage.FieldSec0 + Version;
        if (message.PayloadField != expectedField)
        {
            throw new SecuritySessionException(StatusCode.InvalidProto, "SessionData carries no sec" + Version + " payload");
        }

        SecuritySession session = Require(sessionId);
        byte[] reply;
        lock (session)
        {
            try
            {
                reply = session.Handle(message.Payload);
            }
            catch (ProtoFormatException e)
            {
                session.Reset();
                throw new SecuritySessionException(StatusCode.InvalidProto, "malformed sec" + Version + " payload: " + e.Message, e);
            }
            catch (SecuritySessionException)
            {
                session.Reset();
                throw;
            }
        }

        return SessionDataMessage.Encode(Version, expectedField, reply);
    }

    public byte[] Encrypt(uint sessionId, byte[] data)
    {
        SecuritySession session = RequireEstablished(sessionId, data);
        lock (session)
        {
            EnsureEstablished(session);
            return session.Encrypt(data);
        }
    }

    public byte[] Decrypt(uint sessionId, byte[] data)
    {
        SecuritySession session = RequireEstablished(sessionId, data);
        lock (session)
        {
            EnsureEstablished(session);
            return session.Decrypt(data);
        }
    }

    protected abstract SecuritySession CreateSession(uint sessionId);

    private static void ResetLocked(SecuritySession session)
    {
        lock (session)
        {
            session.Reset();
        }
    }

    private static void EnsureEstablished(SecuritySession session)
    {
        if (!session.IsEstablished)
        {
            throw new SecuritySessionException(StatusCode.InvalidSession, "session " + session.Id + " has not completed its handshake");
        }
    }

    private SecuritySession RequireEstablished(uint sessionId, byte[] data)
    {
        if (data == null)
        {
            throw new SecuritySessionException(StatusCode.InvalidArgument, "no data");
        }

        return Require(sessionId);
    }

    private SecuritySession Require(uint sessionId)
    {
        SecuritySession? session = _sessions.Find(sessionId);
        if (session == null)
        {
            throw new SecuritySessionException(StatusCode.InvalidSession, "no open session " + sessionId);
        }

        return session;
    }
}
