using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// A bounded mDNS query load: N PTR queries at a fixed rate, sent from an ephemeral port so that responders treat
/// them as legacy unicast queries (RFC 6762 section 6.7) and answer by unicast echoing the query id; the id matches
/// each answer to its query, which gives per-query latency. For benchmarks only, never for timed unit tests.
/// </summary>
public static class MdnsQueryLoad
{
    public static MdnsQueryLoadResult Run(MdnsQueryLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.QueryCount < 1 || options.QueryCount > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "QueryCount must be 1..65535");
        }

        if (!(options.QueriesPerSecond > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "QueriesPerSecond must be positive");
        }

        var family = options.Destination.AddressFamily;
        var factory = options.SocketFactory ?? (f => new Socket(f, SocketType.Dgram, ProtocolType.Udp));
        using var socket = factory(family);
        int index = string.IsNullOrEmpty(options.InterfaceName) ? 0 : InterfaceLookup.IndexOf(socket, options.InterfaceName);
        MulticastSocketSetup.PrepareSender(socket, index);

        // The generator must not be what loses answers: a burst queued while its receive thread waits for a core
        // would overflow the default buffer (about 200 datagrams). Linux caps this at net.core.rmem_max.
        socket.ReceiveBufferSize = 4 << 20;

        // The receive thread looks at its stop flag this often; the socket is closed only once it has stopped.
        socket.ReceiveTimeout = 250;
        var destination = options.Destination;
        if (destination.Address.IsIPv6Multicast || destination.Address.IsIPv6LinkLocal)
        {
            destination = new IPEndPoint(new IPAddress(destination.Address.GetAddressBytes(), index), destination.Port);
        }

        var run = new LoadRun(options.QueryCount);
        var clock = Stopwatch.StartNew();
        var receiver = new Thread(() => run.Receive(socket, clock)) { IsBackground = true, Name = "mdns load receive" };
        receiver.Start();
        double interval = 1000.0 / options.QueriesPerSecond;
        for (int i = 0; i < options.QueryCount; i++)
        {
            double due = i * interval;
            double wait = due - clock.Elapsed.TotalMilliseconds;
            if (wait >= 1)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(wait));
            }

            ushort id = (ushort)(i + 1);
            byte[] query = MdnsQueryPacket.PtrQuery(id, options.ServiceType);
            run.MarkSent(i, clock.Elapsed.TotalMilliseconds, (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100);
            socket.SendTo(query, destination);
        }

        double lastSend = clock.Elapsed.TotalMilliseconds;
        run.WaitForAllOrTimeout(options.AnswerTimeout);
        double end = run.AllAnswered ? run.LastAnswerAt : lastSend + options.AnswerTimeout.TotalMilliseconds;
        run.StopReceiving();
        receiver.Join();
        socket.Close();
        return run.Result(end / 1000.0);
    }
}
