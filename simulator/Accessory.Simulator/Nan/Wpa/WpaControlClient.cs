using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Accessory.Simulator.Nan.Wpa;

/// <summary>
/// wpa_supplicant's control interface: a Unix datagram socket where each request gets one reply datagram and, after
/// ATTACH, unsolicited event datagrams start with "&lt;level&gt;". Like wpa_ctrl, the client binds its own socket file
/// so the daemon has an address to answer; disposal removes that file.
/// </summary>
public sealed class WpaControlClient : IDisposable
{
    public const string DefaultControlDirectory = "/var/run/wpa_supplicant";

    /// <summary>sun_path holds 108 bytes on Linux, one of them the terminating zero.</summary>
    public const int MaxSocketPathBytes = 107;

    private const int MaxDatagram = 4096;

    private readonly Socket _socket;
    private readonly string _localPath;
    private readonly TimeSpan _replyTimeout;
    private readonly BlockingCollection<string> _replies = new();
    private readonly object _requestGate = new();
    private readonly Thread _receiver;
    private int _disposed;

    private WpaControlClient(Socket socket, string localPath, string remotePath, TimeSpan replyTimeout)
    {
        _socket = socket;
        _localPath = localPath;
        RemotePath = remotePath;
        _replyTimeout = replyTimeout;
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "wpa ctrl " + Path.GetFileName(remotePath) };
    }

    /// <summary>Raised on the receive thread with the whole event datagram, level prefix included.</summary>
    public event Action<string>? EventReceived;

    public string RemotePath { get; }

    /// <summary>This client's own socket file, the address wpa_supplicant replies to.</summary>
    public string LocalPath => _localPath;

    /// <summary>The daemon's socket for an interface: DIRECTORY/IFACE, as wpa_cli -p DIRECTORY -i IFACE uses.</summary>
    public static string SocketPathFor(string interfaceName, string controlDirectory = DefaultControlDirectory) =>
        Path.Combine(controlDirectory, interfaceName);

    /// <summary>Connects to the daemon's socket; throws <see cref="WpaNanException"/> when nothing listens there.</summary>
    public static WpaControlClient Connect(string remotePath, TimeSpan replyTimeout)
    {
        ArgumentNullException.ThrowIfNull(remotePath);
        string name = Path.GetFileName(remotePath);
        if (!File.Exists(remotePath))
        {
            throw new WpaNanException(NotRunning(name, remotePath));
        }

        // Unix socket paths are limited to 107 bytes, so the local name stays short and unique per process and client.
        string localPath = Path.Combine(Path.GetTempPath(), "accessory-wpa-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8]);
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(localPath));
            socket.Connect(new UnixDomainSocketEndPoint(remotePath));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            File.Delete(localPath);
            throw new WpaNanException(NotRunning(name, remotePath), e);
        }

        var client = new WpaControlClient(socket, localPath, remotePath, replyTimeout);
        client._receiver.Start();
        return client;
    }

    /// <summary>Sends one command and returns its reply without the trailing newline.</summary>
    public string Request(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_requestGate)
        {
            // A reply that arrived after an earlier timeout belongs to that request, not this one.
            while (_replies.TryTake(out _))
            {
            }

            _socket.Send(Encoding.UTF8.GetBytes(command));
            if (!_replies.TryTake(out string? reply, _replyTimeout))
            {
                throw new WpaNanException("wpa_supplicant at " + RemotePath + " did not answer " + FirstWord(command) + " within " + _replyTimeout.TotalMilliseconds + " ms");
            }

            return reply.TrimEnd('\n');
        }
    }

    /// <summary>Subscribes to events; wpa_supplicant answers "OK".</summary>
    public void Attach() => ExpectOk("ATTACH");

    public void Detach() => ExpectOk("DETACH");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _socket.Dispose();
        _receiver.Join(TimeSpan.FromSeconds(2));
        _replies.Dispose();
        File.Delete(_localPath);
    }

    private static string NotRunning(string name, string path) => "wpa_supplicant is not running on " + name + " (no " + path + ")";

    private static string FirstWord(string command)
    {
        int space = command.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? command : command[..space];
    }

    private void ExpectOk(string command)
    {
        string reply = Request(command);
        if (reply != "OK")
        {
            throw new WpaNanException("wpa_supplicant at " + RemotePath + " answered " + command + " with '" + reply + "'");
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[MaxDatagram];
        while (Volatile.Read(ref _disposed) == 0)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Disposal closes the socket to end this loop; a daemon that went away ends it too.
                return;
            }

            string text = Encoding.UTF8.GetString(buffer, 0, length);
            if (text.StartsWith('<'))
            {
                EventReceived?.Invoke(text);
            }
            else
            {
                _replies.Add(text);
            }
        }
    }
}
