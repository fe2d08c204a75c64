using System.Collections;

namespace Accessory.Core.Ble;

/// <summary>
/// A handler's per-connection state, keyed by connection id. A linear list because a device serves a handful of
/// centrals at most, and nanoFramework has no generic dictionary.
/// </summary>
internal sealed class ConnectionStates
{
    private readonly ArrayList _entries = new ArrayList();

    public object? Find(int connectionId)
    {
        int index = IndexOf(connectionId);
        return index < 0 ? null : ((Entry)_entries[index]!).State;
    }

    public void Put(int connectionId, object state)
    {
        int index = IndexOf(connectionId);
        if (index >= 0)
        {
            ((Entry)_entries[index]!).State = state;
            return;
        }

        _entries.Add(new Entry(connectionId, state));
    }

    public void Remove(int connectionId)
    {
        int index = IndexOf(connectionId);
        if (index >= 0)
        {
            _entries.RemoveAt(index);
        }
    }

    public int Count => _entries.Count;

    private int IndexOf(int connectionId)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (((Entry)_entries[i]!).Id == connectionId)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class Entry
    {
        public Entry(int id, object state)
        {
            Id = id;
            State = state;
        }

        public int Id { get; }

        public object State { get; set; }
    }
}
