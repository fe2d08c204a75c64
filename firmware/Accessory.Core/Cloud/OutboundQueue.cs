using System;
using System.Collections;

namespace Accessory.Core.Cloud;

/// <summary>
/// Bounded publish queue that survives broker outages. QoS 1 messages stay until the broker acknowledges them;
/// QoS 0 messages leave when handed to the link. When full, the oldest message is dropped (and counted) because
/// fresh telemetry is worth more than stale. Thread-safe: acknowledgements arrive on the link's thread.
/// </summary>
#pragma warning disable CA1711 // It is a queue; the issue and the design name it so.
public sealed class OutboundQueue
#pragma warning restore CA1711
{
    private readonly object _gate = new object();
    private readonly ArrayList _items = new ArrayList();

    public OutboundQueue(int capacity)
    {
        if (capacity < 1)
        {
            throw new ArgumentException("capacity must be at least 1");
        }

        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>
    /// Messages dropped because the queue was full. Unacknowledged QoS 1 messages count against the bound too, so a
    /// dropped one may have been in flight and still reach the broker; it is never resent.
    /// </summary>
    public long Dropped { get; private set; }

    /// <summary>QoS 1 messages the broker acknowledged.</summary>
    public long Acknowledged { get; private set; }

    public void Enqueue(OutboundMessage message)
    {
        lock (_gate)
        {
            if (_items.Count == Capacity)
            {
                _items.RemoveAt(0);
                Dropped++;
            }

            _items.Add(message);
        }
    }

    /// <summary>
    /// The messages to hand to the link now, oldest first: everything not already in flight. They are marked in
    /// flight (QoS 0 ones removed) before this returns, so the caller publishes them outside any lock.
    /// </summary>
    public OutboundMessage[] TakeUnsent()
    {
        lock (_gate)
        {
            int n = 0;
            for (int i = 0; i < _items.Count; i++)
            {
                if (!((OutboundMessage)_items[i]!).InFlight)
                {
                    n++;
                }
            }

            var result = new OutboundMessage[n];
            n = 0;
            for (int i = 0; i < _items.Count; i++)
            {
                var m = (OutboundMessage)_items[i]!;
                if (m.InFlight)
                {
                    continue;
                }

                result[n++] = m;
                m.Attempt++;
                if (m.Qos == 0)
                {
                    _items.RemoveAt(i);
                    i--;
                }
                else
                {
                    m.InFlight = true;
                }
            }

            return result;
        }
    }

    /// <summary>
    /// The broker's answer to send <paramref name="attempt"/> of <paramref name="message"/>. Delivered removes it;
    /// not delivered makes it unsent again (it goes out with the next batch, still in order).
    /// </summary>
    public void Complete(OutboundMessage message, int attempt, bool delivered)
    {
        lock (_gate)
        {
            int index = _items.IndexOf(message);
            if (index < 0)
            {
                return;
            }

            if (delivered)
            {
                _items.RemoveAt(index);
                Acknowledged++;
            }
            else if (message.Attempt == attempt)
            {
                message.InFlight = false;
            }
        }
    }

    /// <summary>The link went down: nothing in flight will be acknowledged any more, so all of it is unsent again.</summary>
    public void ReturnInFlight()
    {
        lock (_gate)
        {
            for (int i = 0; i < _items.Count; i++)
            {
                ((OutboundMessage)_items[i]!).InFlight = false;
            }
        }
    }
}
