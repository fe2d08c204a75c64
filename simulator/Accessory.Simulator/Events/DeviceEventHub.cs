using System.Threading.Channels;

namespace Accessory.Simulator.Events;

/// <summary>
/// A device's event stream: keeps the latest events so a page opened late still sees what happened, and hands every
/// new one to each follower. A follower that does not keep up loses its oldest unread events, never blocks the device.
/// </summary>
public sealed class DeviceEventHub
{
    public const int Kept = 500;
    private const int FollowerBuffer = 1000;
    private readonly object _gate = new();
    private readonly LinkedList<DeviceEvent> _recent = new();
    private readonly List<Channel<DeviceEvent>> _followers = [];
    private readonly TimeProvider _time;
    private long _nextId;

    public DeviceEventHub(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    public DeviceEvent Publish(string kind, string level, string component, string message)
    {
        lock (_gate)
        {
            var e = new DeviceEvent(++_nextId, _time.GetUtcNow(), kind, level, component, message);
            _recent.AddLast(e);
            if (_recent.Count > Kept)
            {
                _recent.RemoveFirst();
            }

            foreach (var follower in _followers)
            {
                follower.Writer.TryWrite(e);
            }

            return e;
        }
    }

    /// <summary>The kept events with an id above <paramref name="afterId"/>, oldest first.</summary>
    public IReadOnlyList<DeviceEvent> Recent(long afterId = 0)
    {
        lock (_gate)
        {
            return _recent.Where(e => e.Id > afterId).ToList();
        }
    }

    /// <summary>
    /// Follows the stream: the kept events after <paramref name="afterId"/>, then each new one, until
    /// <paramref name="cancellation"/> fires. Taking the backlog and joining happen under one lock, so nothing falls
    /// between them.
    /// </summary>
    public async IAsyncEnumerable<DeviceEvent> FollowAsync(long afterId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var channel = Channel.CreateBounded<DeviceEvent>(new BoundedChannelOptions(FollowerBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        List<DeviceEvent> backlog;
        lock (_gate)
        {
            backlog = _recent.Where(e => e.Id > afterId).ToList();
            _followers.Add(channel);
        }

        try
        {
            foreach (var e in backlog)
            {
                yield return e;
            }

            while (await channel.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _followers.Remove(channel);
            }
        }
    }
}
