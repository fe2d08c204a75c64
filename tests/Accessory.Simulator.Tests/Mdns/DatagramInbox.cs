using System.Collections.Concurrent;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>Collects what a transport receives so a test can wait, with a deadline, for a particular datagram.</summary>
internal sealed class DatagramInbox : IDisposable
{
    private readonly BlockingCollection<(byte[] Data, DatagramEndpoint Source)> _queue = new();

    public void Attach(IDatagramTransport transport) => transport.Received += (data, source) => _queue.Add((data, source));

    /// <summary>The first datagram with exactly <paramref name="payload"/>, or null when none came in time.</summary>
    public DatagramEndpoint? WaitFor(byte[] payload, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_queue.TryTake(out var item, left))
            {
                return null;
            }

            if (item.Data.AsSpan().SequenceEqual(payload))
            {
                return item.Source;
            }
        }
    }

    public void Dispose() => _queue.Dispose();
}
