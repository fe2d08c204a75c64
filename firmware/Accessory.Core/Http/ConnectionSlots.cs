namespace Accessory.Core.Http;

/// <summary>
/// ESP-IDF httpd's open-socket bookkeeping with lru_purge_enable: at most a fixed number of connections; a new one
/// past the limit closes the least recently used (the one whose last request is oldest). Only the decision lives
/// here; each body closes the socket it names.
/// </summary>
public sealed class ConnectionSlots
{
    private readonly int _max;
    private readonly int[] _ids;
    private readonly long[] _lastUsed;
    private readonly object _gate = new object();
    private int _count;
    private long _tick;

    public ConnectionSlots(int max)
    {
        if (max < 1)
        {
            throw new System.ArgumentException("at least one connection must be allowed");
        }

        _max = max;
        _ids = new int[max + 1];
        _lastUsed = new long[max + 1];
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Admits a new connection; returns the id of the connection to purge for it, or -1.</summary>
    public int Admit(int id)
    {
        lock (_gate)
        {
            _ids[_count] = id;
            _lastUsed[_count] = ++_tick;
            _count++;
            if (_count <= _max)
            {
                return -1;
            }

            int oldest = -1;
            for (int i = 0; i < _count; i++)
            {
                if (_ids[i] != id && (oldest < 0 || _lastUsed[i] < _lastUsed[oldest]))
                {
                    oldest = i;
                }
            }

            int victim = _ids[oldest];
            RemoveAt(oldest);
            return victim;
        }
    }

    /// <summary>A request arrived on the connection: it becomes the most recently used.</summary>
    public void Touch(int id)
    {
        lock (_gate)
        {
            int at = IndexOf(id);
            if (at >= 0)
            {
                _lastUsed[at] = ++_tick;
            }
        }
    }

    /// <summary>The connection closed (or was purged); unknown ids are ignored.</summary>
    public void Remove(int id)
    {
        lock (_gate)
        {
            int at = IndexOf(id);
            if (at >= 0)
            {
                RemoveAt(at);
            }
        }
    }

    private int IndexOf(int id)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_ids[i] == id)
            {
                return i;
            }
        }

        return -1;
    }

    private void RemoveAt(int at)
    {
        _count--;
        _ids[at] = _ids[_count];
        _lastUsed[at] = _lastUsed[_count];
    }
}
