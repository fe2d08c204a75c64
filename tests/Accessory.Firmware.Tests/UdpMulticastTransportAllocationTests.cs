using System.Net;
using System.Net.Sockets;
using Accessory.Core.Ports;
using Accessory.Firmware.Ports;
using Accessory.Simulator.Net;
using Accessory.TestKit;
using Xunit.Abstractions;

namespace Accessory.Firmware.Tests;

/// <summary>
/// The firmware's mDNS transport (its own source, on the emulated board) allocates nothing per datagram once the
/// sender and the length repeat, receiving and answering, and still hands the core each datagram's own bytes in an
/// exact-length array: real datagrams over a test LAN (never the machine's interfaces), allocation read on the
/// transport's receive thread from one datagram to the next. The emulated UdpClient.Receive allocates nothing for a
/// repeating sender, so what is counted is the transport's own; nanoFramework's Receive adds its endpoint objects on
/// a board (docs/firmware.md).
/// </summary>
public sealed class UdpMulticastTransportAllocationTests
{
    private readonly ITestOutputHelper _output;
    private const int Datagrams = 2000;
    private const int Settled = 200;
    private const int Length = 64;
    private const byte Marker = 0x5A;

    public UdpMulticastTransportAllocationTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [NamespaceFact]
    public void Receiving_allocates_nothing_per_datagram_and_hands_each_datagrams_own_bytes()
    {
        using var lan = LanSegment.Create("dev", "phone");
        var log = new RecordingLog();
        var transport = Open(lan["dev"], log);
        try
        {
            using var run = new Run();
            transport.Received += (data, source) => run.Record(data, source);
            using var phone = PhoneSocket(lan);
            SendBurst(phone, lan["dev"].IPv4);

            run.AssertAllArrived(log);
            run.AssertOwnBytesFrom(lan["phone"].IPv4, ((IPEndPoint)phone.LocalEndPoint!).Port);
            _output.WriteLine(run.AssertNoAllocationAfterWarmUp("receiving"));
        }
        finally
        {
            transport.Stop();
        }
    }

    [NamespaceFact]
    public void Answering_each_query_by_unicast_allocates_nothing_per_datagram()
    {
        using var lan = LanSegment.Create("dev", "phone");
        var log = new RecordingLog();
        var transport = Open(lan["dev"], log);
        try
        {
            using var run = new Run();
            var answer = new byte[Length];
            transport.Received += (data, source) =>
            {
                run.Record(data, source);

                // As the responder answers a legacy query: the id echoed into a reused packet, sent to the asker.
                answer[0] = data[0];
                answer[1] = data[1];
                transport.SendUnicast(answer, source);
            };
            using var phone = PhoneSocket(lan);
            int answers = 0;
            var drain = new Thread(() => answers = Drain(phone)) { IsBackground = true };
            drain.Start();
            SendBurst(phone, lan["dev"].IPv4);

            run.AssertAllArrived(log);
            drain.Join();
            run.AssertOwnBytesFrom(lan["phone"].IPv4, ((IPEndPoint)phone.LocalEndPoint!).Port);
            Assert.Equal(Datagrams, answers);

            // .NET's UdpClient.Send serializes the endpoint per call (nanoFramework's native sendto allocates
            // nothing): that part of the emulated send is measured on its own and set aside.
            _output.WriteLine(run.AssertNoAllocationAfterWarmUp("receiving and answering", DesktopSendBytesPerCall(lan)));
        }
        finally
        {
            transport.Stop();
        }
    }

    [NamespaceFact]
    public void A_new_length_or_sender_gets_its_own_array_and_endpoint()
    {
        using var lan = LanSegment.Create("dev", "phone");
        var log = new RecordingLog();
        var transport = Open(lan["dev"], log);
        try
        {
            var arrived = new List<(byte[] Copy, int Length, byte[] Address, int Port, DatagramEndpoint Source)>();
            using var done = new CountdownEvent(4);
            transport.Received += (data, source) =>
            {
                lock (arrived)
                {
                    arrived.Add(((byte[])data.Clone(), data.Length, source.Address, source.Port, source));
                }

                done.Signal();
            };
            using var first = PhoneSocket(lan);
            using var second = PhoneSocket(lan);
            var target = new IPEndPoint(lan["dev"].IPv4, UdpMulticastTransport.Port);
            first.SendTo(Filled(64, 1), target);
            first.SendTo(Filled(100, 2), target);
            first.SendTo(Filled(64, 3), target);
            second.SendTo(Filled(64, 4), target);

            Assert.True(done.Wait(TimeSpan.FromSeconds(20)), $"{4 - done.CurrentCount} of 4 datagrams arrived; log: {string.Join("; ", log.Lines)}");
            Assert.Equal(new[] { 64, 100, 64, 64 }, arrived.Select(a => a.Length));
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(Filled(arrived[i].Length, (byte)(i + 1)), arrived[i].Copy);
                Assert.Equal(lan["phone"].IPv4.GetAddressBytes(), arrived[i].Address);
            }

            int firstPort = ((IPEndPoint)first.LocalEndPoint!).Port;
            int secondPort = ((IPEndPoint)second.LocalEndPoint!).Port;
            Assert.Equal(new[] { firstPort, firstPort, firstPort, secondPort }, arrived.Select(a => a.Port));
            Assert.Same(arrived[0].Source, arrived[2].Source);
            Assert.NotSame(arrived[2].Source, arrived[3].Source);
        }
        finally
        {
            transport.Stop();
        }
    }

    // Built inside the device's namespace: its socket, and the check that the station address is the host's, stay there.
    private static UdpMulticastTransport Open(LanHost device, ILog log) =>
        device.Namespace.RunIn(() => new UdpMulticastTransport(device.IPv4, log));

    private static Socket PhoneSocket(LanSegment lan)
    {
        var phone = lan["phone"].Namespace.CreateSocketIn(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        phone.Bind(new IPEndPoint(lan["phone"].IPv4, 0));
        phone.ReceiveTimeout = 2000;
        return phone;
    }

    private static void SendBurst(Socket phone, IPAddress device) =>
        NumberedBurst.Send(phone, new IPEndPoint(device, UdpMulticastTransport.Port), Datagrams, Length, Marker);

    private static int Drain(Socket phone)
    {
        var buffer = new byte[1500];
        int count = 0;
        while (count < Datagrams)
        {
            try
            {
                phone.Receive(buffer);
            }
            catch (SocketException)
            {
                break; // two quiet seconds: whatever did not come by now is lost
            }

            count++;
        }

        return count;
    }

    /// <summary>What one call of the UdpClient.Send the transport makes allocates on the desktop, to a fixed endpoint.</summary>
    private static double DesktopSendBytesPerCall(LanSegment lan)
    {
        const int Calls = 1000;
        using var sink = lan["phone"].Namespace.CreateSocketIn(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(lan["phone"].IPv4, 0));
        using var client = lan["dev"].Namespace.RunIn(() => new UdpClient(new IPEndPoint(lan["dev"].IPv4, 0)));
        var target = (IPEndPoint)sink.LocalEndPoint!;
        var data = new byte[Length];
        for (int i = 0; i < 50; i++)
        {
            client.Send(data, target);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            client.Send(data, target);
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }

    private static byte[] Filled(int length, byte value)
    {
        var data = new byte[length];
        Array.Fill(data, value);
        return data;
    }

    /// <summary>What the receive thread saw, written by that thread only; read after <see cref="AssertAllArrived"/>.</summary>
    private sealed class Run : IDisposable
    {
        private readonly long[] _allocatedAt = new long[Datagrams];
        private readonly ManualResetEventSlim _done = new();
        private int _received;
        private int _wrongBytes;
        private byte[]? _address;
        private int _port = -1;
        private bool _sourceChanged;

        public void Record(byte[] data, DatagramEndpoint source)
        {
            int n = _received;
            if (n >= Datagrams)
            {
                return;
            }

            _allocatedAt[n] = GC.GetAllocatedBytesForCurrentThread();
            if (data.Length != Length || data[0] != (byte)(n >> 8) || data[1] != (byte)n || data[Length - 1] != Marker)
            {
                _wrongBytes++;
            }

            if (_address == null)
            {
                _address = source.Address;
                _port = source.Port;
            }
            else if (source.Port != _port || !source.Address.AsSpan().SequenceEqual(_address))
            {
                _sourceChanged = true;
            }

            Volatile.Write(ref _received, n + 1);
            if (n + 1 == Datagrams)
            {
                _done.Set();
            }
        }

        public void Dispose() => _done.Dispose();

        public void AssertAllArrived(RecordingLog log) =>
            Assert.True(_done.Wait(TimeSpan.FromSeconds(20)), $"{Volatile.Read(ref _received)} of {Datagrams} datagrams arrived; log: {string.Join("; ", log.Lines)}");

        public void AssertOwnBytesFrom(IPAddress phone, int port)
        {
            Assert.Equal(0, _wrongBytes);
            Assert.False(_sourceChanged, "the source endpoint changed within one sender's burst");
            Assert.Equal(phone.GetAddressBytes(), _address);
            Assert.Equal(port, _port);
        }

        /// <returns>The figures, for the test's output.</returns>
        public string AssertNoAllocationAfterWarmUp(string what, double platformBytesPerDatagram = 0)
        {
            long allocated = _allocatedAt[Datagrams - 1] - _allocatedAt[Settled];
            int counted = Datagrams - 1 - Settled;
            double own = ((double)allocated / counted) - platformBytesPerDatagram;
            string figures = $"{what}: {allocated} bytes allocated by the receive thread over {counted} datagrams ({(double)allocated / counted:0.##} per datagram, {platformBytesPerDatagram:0.##} of it .NET's send): {own:0.##} per datagram of the transport's own";
            Assert.True(own < 1, figures);
            return figures;
        }
    }
}
