using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Accessory.Simulator.Tests.Nan.Wpa;

/// <summary>
/// TEST-ONLY stand-in for wpa_supplicant's control socket (no NAN-capable radio or NAN USD build exists here). It
/// speaks the protocol, not the daemon: each request datagram gets the reply a test scripted (else
/// "UNKNOWN COMMAND\n", as the real daemon answers what it does not know), ATTACH registers the sender for the
/// "&lt;3&gt;NAN-..." event datagrams a test pushes. Tests script replies as hostap sends them: a NAN_PUBLISH id
/// without a newline, "OK\n" and "FAIL\n" with one. RealWpaSupplicantTests checks the client against the real daemon.
/// </summary>
internal sealed class WpaSupplicantControlStandIn : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _loop;
    private readonly object _gate = new();
    private readonly List<string> _commands = new();
    private readonly Dictionary<string, string> _replies = new(StringComparer.Ordinal) { ["ATTACH"] = "OK\n", ["DETACH"] = "OK\n" };
    private readonly List<EndPoint> _attached = new();
    private volatile bool _disposed;

    public WpaSupplicantControlStandIn(string interfaceName = "wlan-test")
    {
        ControlDirectory = Path.Combine(Path.GetTempPath(), "wpa-standin-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(ControlDirectory);
        InterfaceName = interfaceName;
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { ReceiveTimeout = 100 };
        _socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(ControlDirectory, interfaceName)));
        _loop = new Thread(Serve) { IsBackground = true, Name = "wpa stand-in" };
        _loop.Start();
    }

    public string ControlDirectory { get; }

    public string InterfaceName { get; }

    /// <summary>Scripts the reply for commands whose first word is <paramref name="verb"/>.</summary>
    public void Reply(string verb, string reply)
    {
        lock (_gate)
        {
            _replies[verb] = reply;
        }
    }

    /// <summary>The command datagrams received so far, in order.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_gate)
            {
                return _commands.ToArray();
            }
        }
    }

    /// <summary>Sends an unsolicited event to every attached client, as wpa_msg does.</summary>
    public void Event(string text)
    {
        EndPoint[] targets;
        lock (_gate)
        {
            targets = _attached.ToArray();
        }

        foreach (EndPoint target in targets)
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(text), target);
        }
    }

    /// <summary>Waits (bounded) until a client has attached.</summary>
    public bool WaitForAttach(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (_attached.Count == 0 && DateTime.UtcNow < deadline)
            {
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(50));
            }

            return _attached.Count > 0;
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _loop.Join(TimeSpan.FromSeconds(2));
        _socket.Dispose();
        Directory.Delete(ControlDirectory, recursive: true);
    }

    private void Serve()
    {
        var buffer = new byte[4096];
        while (!_disposed)
        {
            EndPoint sender = new UnixDomainSocketEndPoint("/");
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref sender);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                continue;
            }

            string command = Encoding.UTF8.GetString(buffer, 0, length);
            string verb = command.Split(' ')[0];
            string reply;
            lock (_gate)
            {
                _commands.Add(command);
                if (verb == "ATTACH")
                {
                    _attached.Add(sender);
                    Monitor.PulseAll(_gate);
                }
                else if (verb == "DETACH")
                {
                    _attached.RemoveAll(e => e.Equals(sender));
                }

                reply = _replies.TryGetValue(verb, out string? scripted) ? scripted : "UNKNOWN COMMAND\n";
            }

            _socket.SendTo(Encoding.UTF8.GetBytes(reply), sender);
        }
    }
}
