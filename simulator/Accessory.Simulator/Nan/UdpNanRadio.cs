using System.Net;
using System.Net.Sockets;
using Accessory.Core.Nan;
using Accessory.Core.Ports;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Nan;

/// <summary>
/// An <see cref="INanRadio"/> whose air is UDP multicast on one interface (<see cref="UdpNanMedium"/>). Every radio
/// hears every datagram and, like a NAN MAC, keeps only broadcasts and frames for its own address; loss and latency
/// are applied per receiver.
/// </summary>
public sealed class UdpNanRadio : INanRadio, IDisposable
{
    private const string Component = "nan-net";
    private const int MaxDatagram = 2048;

    private readonly Socket _socket;
    private readonly IPEndPoint _group;
    private readonly Thread _receiver;
    private readonly ILog? _log;
    private readonly double _lossProbability;
    private readonly int _latencyMilliseconds;
    private readonly Random _loss;
    private readonly byte[] _address;
    private long _malformed;
    private long _lost;
    private long _delivered;
    private int _disposed;

    private UdpNanRadio(Socket socket, byte[] address, int interfaceIndex, UdpNanRadioOptions options, ILog? log)
    {
        _socket = socket;
        _address = address;
        InterfaceIndex = interfaceIndex;
        _group = new IPEndPoint(UdpNanMedium.Group, options.Port);
        _lossProbability = options.LossProbability;
        _latencyMilliseconds = options.LatencyMilliseconds;
        _loss = new Random(options.LossSeed);
        _log = log;
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "nan receive " + options.InterfaceName };
    }

    public event NanFrameHandler? FrameReceived;

    public byte[] Address => (byte[])_address.Clone();

    /// <summary>
    /// The index of the radio's interface in its namespace: the scope a data path's IPv6 link-local address needs,
    /// as a phone connects over the interface the NAN frames came in on.
    /// </summary>
    public int InterfaceIndex { get; }

    /// <summary>Datagrams on the medium that could not be a frame (shorter than the two addresses).</summary>
    public long MalformedDatagrams => Interlocked.Read(ref _malformed);

    /// <summary>Frames for this radio dropped by the configured loss.</summary>
    public long LostFrames => Interlocked.Read(ref _lost);

    /// <summary>Frames handed to <see cref="FrameReceived"/>.</summary>
    public long DeliveredFrames => Interlocked.Read(ref _delivered);

    /// <summary>Opens the socket on the interface, joins the medium and starts receiving.</summary>
    public static UdpNanRadio Open(UdpNanRadioOptions options, ILog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.InterfaceName))
        {
            throw new ArgumentException("the NAN medium needs an interface; multicast must not go to a default one", nameof(options));
        }

        if (options.Address != null && !NanAddress.IsValid(options.Address))
        {
            throw new ArgumentException("a NAN address has 6 bytes", nameof(options));
        }

        if (options.LossProbability is < 0 or > 1 || double.IsNaN(options.LossProbability))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "loss probability must be within 0..1");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.LatencyMilliseconds);
        var factory = options.SocketFactory ?? (family => new Socket(family, SocketType.Dgram, ProtocolType.Udp));
        Socket socket = factory(AddressFamily.InterNetwork);
        try
        {
            int index = InterfaceLookup.IndexOf(socket, options.InterfaceName);
            byte[] address = options.Address != null ? (byte[])options.Address.Clone() : InterfaceLookup.HardwareAddressOf(socket, options.InterfaceName);
            Join(socket, options.InterfaceName, index, options.Port);
            var radio = new UdpNanRadio(socket, address, index, options, log);
            radio._receiver.Start();
            return radio;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Send(byte[] destination, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!NanAddress.IsValid(destination))
        {
            throw new ArgumentException("a NAN address has 6 bytes", nameof(destination));
        }

        try
        {
            _socket.SendTo(NanFrameEnvelope.Wrap(destination, _address, payload), _group);
        }
        catch (SocketException e)
        {
            // The air is lossy anyway: the discovery engine repeats what matters.
            Log(LogLevel.Warning, "send failed: " + e.SocketErrorCode);
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

        // Closing the socket ends the blocking receive; the loop then sees the flag and stops.
        _socket.Dispose();
        if (_receiver.IsAlive && _receiver != Thread.CurrentThread)
        {
            _receiver.Join();
        }
    }

    private static void Join(Socket socket, string interfaceName, int index, int port)
    {
        // Several radios may share a namespace (and the CLI may run next to a test), so the port is shared.
        MulticastSocketSetup.ShareAddress(socket);
        MulticastSocketSetup.BindToDevice(socket, interfaceName);
        socket.Bind(new IPEndPoint(IPAddress.Any, port));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(UdpNanMedium.Group, index));
        MulticastSocketSetup.SetIPv4MulticastInterface(socket, index);
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);

        // Radios in the same namespace hear each other only through loopback; own frames are dropped by address.
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
    }

    private void ReceiveLoop() => Accessory.Simulator.Net.DatagramReceiveLoop.Run(
        _socket,
        MaxDatagram,
        () => Volatile.Read(ref _disposed) != 0,
        (buffer, length, _) => Accept(buffer.AsSpan(0, length)),
        error => Log(LogLevel.Warning, "receive failed: " + error));

    private void Accept(ReadOnlySpan<byte> datagram)
    {
        if (!NanFrameEnvelope.TryUnwrap(datagram, out byte[] destination, out byte[] source, out byte[] payload))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        bool forUs = NanAddress.IsBroadcast(destination) || NanAddress.SameAs(destination, _address);
        if (!forUs || NanAddress.SameAs(source, _address))
        {
            return;
        }

        if (Lost())
        {
            Interlocked.Increment(ref _lost);
            return;
        }

        if (_latencyMilliseconds == 0)
        {
            Deliver(source, payload);
            return;
        }

        _ = Accessory.Simulator.Platform.PreciseDelay.AtLeastAsync(TimeSpan.FromMilliseconds(_latencyMilliseconds)).ContinueWith(_ => Deliver(source, payload), TaskScheduler.Default);
    }

    private bool Lost()
    {
        if (_lossProbability <= 0)
        {
            return false;
        }

        lock (_loss)
        {
            return _loss.NextDouble() < _lossProbability;
        }
    }

    private void Deliver(byte[] source, byte[] payload)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        Interlocked.Increment(ref _delivered);
        try
        {
            FrameReceived?.Invoke(source, payload);
        }
#pragma warning disable CA1031 // a failing listener must not end reception for every later frame
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log(LogLevel.Error, "frame handler failed: " + e.GetType().Name + ": " + e.Message);
        }
    }

    private void Log(LogLevel level, string message)
    {
        if (_log != null && _log.IsEnabled(level))
        {
            _log.Write(level, Component, message);
        }
    }
}
