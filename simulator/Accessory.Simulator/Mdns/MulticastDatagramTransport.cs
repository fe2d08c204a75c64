using System.Net;
using System.Net.Sockets;
using Accessory.Core.Ports;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Mdns;

/// <summary>
/// The body's <see cref="IDatagramTransport"/> for mDNS: UDP 5353 shared with other responders on the host,
/// 224.0.0.251 and ff02::fb joined on one interface, one background receive thread per address family that hands
/// each datagram straight to the responder (no queue, no thread hop). The receive buffer is enlarged so a burst of
/// queries waits in the kernel instead of being dropped while the responder is briefly descheduled, and the loop
/// reuses its buffer, socket address and (for a repeating sender) endpoint, so a datagram costs one copy; with
/// <see cref="MulticastTransportOptions.LendReceivedData"/> it costs no allocation either.
/// </summary>
public sealed class MulticastDatagramTransport : IDatagramTransport, IDisposable
{
    private const string Component = "mdns-net";
    private const int MaxDatagram = 9000;

    // Asked of the kernel per socket; Linux caps it at net.core.rmem_max (4 MiB here), root may force more.
    private const int ReceiveBufferBytes = 4 << 20;

    private readonly Socket? _ipv4;
    private readonly Socket? _ipv6;
    private readonly Thread[] _receivers;
    private readonly ILog? _log;
    private readonly int _port;
    private readonly bool _lend;
    private int _disposed;
    private SendTarget? _lastTarget;

    private MulticastDatagramTransport(Socket? ipv4, Socket? ipv6, int interfaceIndex, int port, bool lend, ILog? log)
    {
        _lend = lend;
        _ipv4 = ipv4;
        _ipv6 = ipv6;
        InterfaceIndex = interfaceIndex;
        _port = port;
        _log = log;
        var receivers = new List<Thread>();
        foreach (var socket in new[] { ipv4, ipv6 })
        {
            if (socket != null)
            {
                var thread = new Thread(() => ReceiveLoop(socket))
                {
                    IsBackground = true,
                    Name = "mdns receive " + socket.AddressFamily,
                };
                receivers.Add(thread);
            }
        }

        _receivers = receivers.ToArray();
    }

    public event DatagramReceived? Received;

    /// <summary>The interface the groups were joined on (0 when the kernel chose).</summary>
    public int InterfaceIndex { get; }

    public bool HasIPv4 => _ipv4 != null;

    public bool HasIPv6 => _ipv6 != null;

    /// <summary>Opens the sockets, joins the groups and starts receiving; <see cref="Received"/> handlers added later still see later datagrams.</summary>
    public static MulticastDatagramTransport Open(MulticastTransportOptions options, ILog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.EnableIPv4 && !options.EnableIPv6)
        {
            throw new ArgumentException("enable IPv4, IPv6 or both", nameof(options));
        }

        var factory = options.SocketFactory ?? (family => new Socket(family, SocketType.Dgram, ProtocolType.Udp));
        Socket? ipv4 = null;
        Socket? ipv6 = null;
        try
        {
            int index = options.InterfaceIndex;
            if (options.EnableIPv4)
            {
                ipv4 = factory(AddressFamily.InterNetwork);
                index = ResolveIndex(ipv4, options.InterfaceName, index);
                BindToNamedDevice(ipv4, options.InterfaceName);
                EnlargeReceiveBuffer(ipv4);
                MulticastSocketSetup.PrepareIPv4(ipv4, index, options.Port);
            }

            if (options.EnableIPv6)
            {
                ipv6 = factory(AddressFamily.InterNetworkV6);
                index = ResolveIndex(ipv6, options.InterfaceName, index);
                BindToNamedDevice(ipv6, options.InterfaceName);
                EnlargeReceiveBuffer(ipv6);
                MulticastSocketSetup.PrepareIPv6(ipv6, index, options.Port);
            }

            var transport = new MulticastDatagramTransport(ipv4, ipv6, index, options.Port, options.LendReceivedData, log);
            transport.StartReceiving();
            return transport;
        }
        catch
        {
            ipv4?.Dispose();
            ipv6?.Dispose();
            throw;
        }
    }

    public void SendMulticast(byte[] data, bool ipv6)
    {
        ArgumentNullException.ThrowIfNull(data);
        var socket = ipv6 ? _ipv6 : _ipv4;
        if (socket == null)
        {
            // The core may answer on both families; a family the body was not configured for is simply absent.
            return;
        }

        var group = ipv6 ? MdnsAddresses.GroupIPv6 : MdnsAddresses.GroupIPv4;
        Send(socket, data, new IPEndPoint(group, _port));
    }

    public void SendUnicast(byte[] data, DatagramEndpoint destination)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(destination);
        var socket = destination.IsIPv6 ? _ipv6 : _ipv4;
        if (socket == null)
        {
            return;
        }

        // Answers mostly go back to whoever just asked, with the endpoint object the receive loop handed out:
        // keep that destination's socket address instead of building one per datagram.
        var target = _lastTarget;
        if (target == null || !ReferenceEquals(target.Endpoint, destination))
        {
            var address = new IPAddress(destination.Address);
            if (address.IsIPv6LinkLocal && InterfaceIndex != 0)
            {
                // The core's endpoint carries no scope; link-local peers are on the one link we joined.
                address.ScopeId = InterfaceIndex;
            }

            var endPoint = new IPEndPoint(address, destination.Port);
            target = new SendTarget(destination, endPoint, endPoint.Serialize());
            _lastTarget = target;
        }

        try
        {
            socket.SendTo(data, SocketFlags.None, target.Address);
        }
        catch (SocketException e)
        {
            Log(LogLevel.Warning, $"send to {target.EndPoint} failed: {e.SocketErrorCode}");
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Closing the sockets ends the blocking receives; the loops then see the disposed flag and stop.
        _ipv4?.Dispose();
        _ipv6?.Dispose();
        foreach (var thread in _receivers)
        {
            if (thread != Thread.CurrentThread)
            {
                thread.Join();
            }
        }
    }

    private static int ResolveIndex(Socket socket, string? name, int index) =>
        string.IsNullOrEmpty(name) ? index : InterfaceLookup.IndexOf(socket, name);

    private static void EnlargeReceiveBuffer(Socket socket)
    {
        try
        {
            socket.ReceiveBufferSize = ReceiveBufferBytes;
        }
        catch (SocketException)
        {
            // Not fatal: the default buffer still works, it only drops sooner under a burst.
        }
    }

    private static void BindToNamedDevice(Socket socket, string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            MulticastSocketSetup.BindToDevice(socket, name);
        }
    }

    private void StartReceiving()
    {
        foreach (var thread in _receivers)
        {
            thread.Start();
        }
    }

    private void Send(Socket socket, byte[] data, IPEndPoint destination)
    {
        try
        {
            socket.SendTo(data, destination);
        }
        catch (SocketException e)
        {
            // mDNS is best effort: a lost send is like a lost packet, the protocol repeats what matters.
            Log(LogLevel.Warning, $"send to {destination} failed: {e.SocketErrorCode}");
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void ReceiveLoop(Socket socket)
    {
        // This thread sleeps until a datagram comes and then works for microseconds: asking for a short slice lets its
        // wake-up preempt whatever runs on its CPU instead of waiting out that thread's longer slice (best effort).
        ShortTimeSlice.RequestForCurrentThread();
        var buffer = new byte[MaxDatagram];
        var from = new SocketAddress(socket.AddressFamily);
        var sources = new SourceCache(socket.AddressFamily == AddressFamily.InterNetworkV6);
        byte[]? lent = null;
        while (Volatile.Read(ref _disposed) == 0)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }

                Log(LogLevel.Warning, "receive failed: " + e.SocketErrorCode);
                continue;
            }

            Deliver(buffer, length, sources.From(from), ref lent);
        }
    }

    private void Deliver(byte[] buffer, int length, DatagramEndpoint from, ref byte[]? lent)
    {
        var handler = Received;
        if (handler == null)
        {
            return;
        }

        byte[] data;
        if (!_lend)
        {
            data = new byte[length];
        }
        else
        {
            // One array per receive thread, replaced only when the length changes: the core wants an exact-length array.
            if (lent == null || lent.Length != length)
            {
                lent = new byte[length];
            }

            data = lent;
        }

        Array.Copy(buffer, data, length);
        try
        {
            handler(data, from);
        }
#pragma warning disable CA1031 // a failing handler must not end reception for every later datagram
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log(LogLevel.Error, "datagram handler failed: " + e.GetType().Name + ": " + e.Message);
        }
    }

    private void Log(LogLevel level, string message)
    {
        if (_log != null && _log.IsEnabled(level))
        {
            _log.Write(level, Component, message);
        }
    }

    private sealed record SendTarget(DatagramEndpoint Endpoint, IPEndPoint EndPoint, SocketAddress Address);

    /// <summary>
    /// Turns a received socket address into the core's endpoint, handing out the same object while the sender stays
    /// the same (a querier sends many datagrams from one address and port).
    /// </summary>
    private sealed class SourceCache
    {
        private readonly bool _ipv6;
        private DatagramEndpoint? _last;

        public SourceCache(bool ipv6)
        {
            _ipv6 = ipv6;
        }

        public DatagramEndpoint From(SocketAddress address)
        {
            // Linux sockaddr_in / sockaddr_in6: family (2), port (2, network order), [flow info (4)], address.
            ReadOnlySpan<byte> raw = address.Buffer.Span;
            int port = (raw[2] << 8) | raw[3];
            ReadOnlySpan<byte> ip = _ipv6 ? raw.Slice(8, 16) : raw.Slice(4, 4);
            var last = _last;
            if (last != null && last.Port == port && ip.SequenceEqual(last.Address))
            {
                return last;
            }

            last = new DatagramEndpoint(ip.ToArray(), port);
            _last = last;
            return last;
        }
    }
}
