using System.Net;
using System.Net.Sockets;
using System.Text;
using Accessory.Core.Nan;
using Accessory.Core.Ports;
using Accessory.Simulator.Net;

namespace Accessory.Simulator.Nan.Control;

/// <summary>
/// A control socket shaped like wpa_supplicant's (a Unix datagram socket DIRECTORY/IFACE; one reply per request, sent
/// to the requester's own socket; after ATTACH, events as "&lt;3&gt;NAN-..." datagrams), in front of a
/// <see cref="NanControlEngine"/>. So `wpa_cli -p DIRECTORY -i IFACE` and scripts written for wpa_supplicant work
/// against the simulated medium. A refused command answers "FAIL" and the reason goes to the log.
/// </summary>
public sealed class NanControlServer : IDisposable
{
    public const string Fail = "FAIL";

    // wpa_supplicant logs these events at MSG_INFO, which its control interface sends as level 3.
    private const string EventLevel = "<3>";
    private const string Component = "nan-ctrl";
    private const int MaxDatagram = 4096;
    private const int MaxSocketPathBytes = Accessory.Simulator.Nan.Wpa.WpaControlClient.MaxSocketPathBytes;

    private readonly Socket _socket;
    private readonly NanControlEngine _engine;
    private readonly ILog? _log;
    private readonly List<EndPoint> _attached = new();
    private readonly object _gate = new();
    private readonly Thread _receiver;
    private int _disposed;

    private NanControlServer(Socket socket, string path, NanControlEngine engine, ILog? log)
    {
        _socket = socket;
        SocketPath = path;
        _engine = engine;
        _log = log;
        _engine.Notified += OnEvent;
        _receiver = new Thread(() => DatagramReceiveLoop.Run(_socket, MaxDatagram, () => Volatile.Read(ref _disposed) != 0, OnDatagram, _ => { }))
        {
            IsBackground = true,
            Name = "nan control " + Path.GetFileName(path),
        };
    }

    public string SocketPath { get; }

    /// <summary>Clients attached for events right now.</summary>
    public int AttachedClients
    {
        get
        {
            lock (_gate)
            {
                return _attached.Count;
            }
        }
    }

    /// <summary>
    /// Binds DIRECTORY/IFACE (creating the directory, owner-only) and serves. A socket file left by a process that
    /// is gone is replaced; one that still answers is an error, as two daemons on one interface would be.
    /// </summary>
    public static NanControlServer Start(string directory, string interfaceName, NanControlEngine engine, ILog? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        ArgumentNullException.ThrowIfNull(engine);
        if (interfaceName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{interfaceName}' is not an interface name", nameof(interfaceName));
        }

        string path = Path.Combine(directory, interfaceName);
        if (Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
        {
            throw new ArgumentException($"the control socket {path} would be longer than the {MaxSocketPathBytes} bytes a Unix socket path may have: choose a shorter folder");
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the NAN control socket is a Unix datagram socket, as wpa_supplicant's is");
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            BindReplacingStale(socket, path);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var server = new NanControlServer(socket, path, engine, log);
        server._receiver.Start();
        server.Log(LogLevel.Information, $"control interface {path} (wpa_cli -p {directory} -i {interfaceName})");
        return server;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _engine.Notified -= OnEvent;
        _socket.Dispose();
        File.Delete(SocketPath);
    }

    private static void BindReplacingStale(Socket socket, string path)
    {
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            return;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
            }
            catch (SocketException)
            {
                File.Delete(path);
                socket.Bind(new UnixDomainSocketEndPoint(path));
                return;
            }

            throw new IOException($"{path} is in use: another wpa_supplicant or simulator serves this interface", e);
        }
    }

    private void OnDatagram(byte[] buffer, int length, EndPoint sender)
    {
        string command = Encoding.UTF8.GetString(buffer, 0, length).TrimEnd('\n', '\0');
        string reply = Handle(command, sender);
        Send(reply + "\n", sender);
    }

    private string Handle(string command, EndPoint sender)
    {
        switch (command)
        {
            case "ATTACH":
                lock (_gate)
                {
                    _attached.RemoveAll(e => e.Equals(sender));
                    _attached.Add(sender);
                }

                return NanControlEngine.Ok;
            case "DETACH":
                lock (_gate)
                {
                    return _attached.RemoveAll(e => e.Equals(sender)) > 0 ? NanControlEngine.Ok : Fail;
                }
        }

        try
        {
            string reply = _engine.Execute(command);
            Log(LogLevel.Debug, $"{command} -> {reply}");
            return reply;
        }
        catch (NanControlException e)
        {
            Log(LogLevel.Warning, e.Message);
            return Fail;
        }
    }

    private void OnEvent(NanEvent e)
    {
        byte[] datagram = Encoding.UTF8.GetBytes(EventLevel + e);
        EndPoint[] targets;
        lock (_gate)
        {
            targets = _attached.ToArray();
        }

        foreach (var target in targets)
        {
            if (!Send(datagram, target))
            {
                // Like wpa_supplicant: a monitor whose socket is gone (wpa_cli exited without DETACH) is dropped.
                lock (_gate)
                {
                    _attached.RemoveAll(t => t.Equals(target));
                }
            }
        }
    }

    private bool Send(string text, EndPoint target) => Send(Encoding.UTF8.GetBytes(text), target);

    private bool Send(byte[] datagram, EndPoint target)
    {
        try
        {
            _socket.SendTo(datagram, target);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void Log(LogLevel level, string message) => _log?.Write(level, Component, message);
}
