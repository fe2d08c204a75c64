using System.Collections;

namespace Accessory.Core.Provisioning.Security;

/// <summary>The open sessions of one scheme, by id. Small (transports keep one or two), so a list scan is enough.</summary>
public sealed class SessionTable
{
    private readonly ArrayList _sessions = new ArrayList();
    private readonly object _gate = new object();

    /// <summary>Adds <paramref name="session"/>, returning the session it replaced (same id) or null.</summary>
    public SecuritySession? Put(SecuritySession session)
    {
        lock (_gate)
        {
            SecuritySession? previous = RemoveLocked(session.Id);
            _sessions.Add(session);
            return previous;
        }
    }

    public SecuritySession? Find(uint id)
    {
        lock (_gate)
        {
            int index = IndexOf(id);
            return index < 0 ? null : (SecuritySession)_sessions[index]!;
        }
    }

    public SecuritySession? Remove(uint id)
    {
        lock (_gate)
        {
            return RemoveLocked(id);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    private SecuritySession? RemoveLocked(uint id)
    {
        int index = IndexOf(id);
        if (index < 0)
        {
            return null;
        }

        var session = (SecuritySession)_sessions[index]!;
        _sessions.RemoveAt(index);
        return session;
    }

    private int IndexOf(uint id)
    {
        for (int i = 0; i < _sessions.Count; i++)
        {
            if (((SecuritySession)_sessions[i]!).Id == id)
            {
                return i;
            }
        }

        return -1;
    }
}
