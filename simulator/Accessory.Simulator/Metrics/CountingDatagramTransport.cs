using System.Diagnostics;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Metrics;

/// <summary>
/// Counts mDNS traffic at the device's socket: received datagrams with the QR bit clear are queries, sent ones with
/// it set are answers. Sits under the mdns.silent switch, so a silenced responder counts no answers. It also times
/// each datagram's handling and counts what the receive thread allocated since its previous datagram (the body's
/// receive and copy, the responder's handling and answer): the figures that tell a GC-driven latency tail.
/// </summary>
internal sealed class CountingDatagramTransport : IDatagramTransport
{
    // Per receive thread (one per address family): its allocation counter at its previous datagram.
    [ThreadStatic]
    private static long _allocatedAtLastDatagram;

    private readonly IDatagramTransport _inner;

    public CountingDatagramTransport(IDatagramTransport inner)
    {
        _inner = inner;
        _inner.Received += OnReceived;
    }

    public event DatagramReceived? Received;

    public void SendMulticast(byte[] data, bool ipv6)
    {
        CountSent(data);
        _inner.SendMulticast(data, ipv6);
    }

    public void SendUnicast(byte[] data, DatagramEndpoint destination)
    {
        CountSent(data);
        _inner.SendUnicast(data, destination);
    }

    private static bool IsResponse(byte[] data) => data.Length >= 12 && (data[2] & 0x80) != 0;

    private static void CountSent(byte[] data)
    {
        if (IsResponse(data))
        {
            SimulatorMetrics.MdnsAnswers.Inc();
        }
    }

    private void OnReceived(byte[] data, DatagramEndpoint source)
    {
        long start = Stopwatch.GetTimestamp();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        if (_allocatedAtLastDatagram != 0)
        {
            SimulatorMetrics.MdnsReceiveAllocated.Inc(allocated - _allocatedAtLastDatagram);
        }

        _allocatedAtLastDatagram = allocated;
        if (data.Length >= 12 && !IsResponse(data))
        {
            SimulatorMetrics.MdnsQueries.Inc();
        }

        Received?.Invoke(data, source);
        SimulatorMetrics.MdnsHandling.Observe(Stopwatch.GetElapsedTime(start).TotalSeconds);
    }
}
