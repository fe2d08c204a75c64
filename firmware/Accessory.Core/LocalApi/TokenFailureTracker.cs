using System.Collections;

namespace Accessory.Core.LocalApi;

/// <summary>
/// The wrong-token policy: wrong access tokens are counted per client address; past
/// <see cref="LocalApiLimits.MaxTokenFailures"/> within <see cref="LocalApiLimits.FailureWindowMilliseconds"/> of the
/// first, that address is locked out (429) until the window is over, whatever it presents. Memory is bounded: past
/// the tracking limit everyone is forgotten, which only restarts their windows.
/// </summary>
public sealed class TokenFailureTracker
{
    private readonly int _maxTrackedClients;
    private readonly ArrayList _entries = new ArrayList();
    private readonly object _gate = new object();

    public TokenFailureTracker(int maxTrackedClients)
    {
        _maxTrackedClients = maxTrackedClients < 1 ? 1 : maxTrackedClients;
    }

    /// <summary>True when <paramref name="client"/> is locked out at <paramref name="now"/> (ms); then the seconds left.</summary>
    public bool IsLockedOut(string client, long now, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        lock (_gate)
        {
            int at = IndexOf(client);
            if (at < 0)
            {
                return false;
            }

            var entry = (Entry)_entries[at]!;
            long age = now - entry.Since;
            if (age >= LocalApiLimits.FailureWindowMilliseconds)
            {
                _entries.RemoveAt(at);
                return false;
            }

            retryAfterSeconds = (int)((LocalApiLimits.FailureWindowMilliseconds - age + 999) / 1000);
            return entry.Count >= LocalApiLimits.MaxTokenFailures;
        }
    }

    /// <summary>Counts a wrong token from <paramref name="client"/> at <paramref name="now"/> (ms).</summary>
    public void RecordFailure(string client, long now)
    {
        lock (_gate)
        {
            int at = IndexOf(client);
            if (at >= 0)
            {
                ((Entry)_entries[at]!).Count++;
                return;
            }

            if (_entries.Count >= _maxTrackedClients)
            {
                _entries.Clear();
            }

            _entries.Add(new Entry(client, now));
        }
    }

    private int IndexOf(string client)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (((Entry)_entries[i]!).Client == client)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class Entry
    {
        public Entry(string client, long since)
        {
            Client = client;
            Since = since;
            Count = 1;
        }

        public string Client { get; }

        public long Since { get; }

        public int Count { get; set; }
    }
}
