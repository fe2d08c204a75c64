using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Accessory.Simulator.Net;

/// <summary>
/// A Linux network namespace created with <c>ip netns add</c> and deleted on dispose. In-process code gets sockets
/// inside it from a short-lived thread that entered the namespace: a socket keeps the namespace it was created in,
/// whatever thread uses it later.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private static int _counter;
    private int _deleted;

    private NetworkNamespace(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>Null when namespaces can be used here; otherwise why not (tests skip with this text).</summary>
    public static string? UnavailableReason
    {
        get
        {
            if (!OperatingSystem.IsLinux())
            {
                return "network namespaces need Linux";
            }

            if (LibC.GetEffectiveUserId() != 0)
            {
                return "network namespaces need root (run the tests as root)";
            }

            return IpCommand.Path == null ? "iproute2's 'ip' command is not installed" : null;
        }
    }

    /// <summary>A name unique to this process and call: acc-&lt;pid&gt;-&lt;counter&gt;-&lt;role&gt;.</summary>
    public static string UniqueName(string role) => $"acc-{Environment.ProcessId}-{NextId()}-{role}";

    internal static int NextId() => Interlocked.Increment(ref _counter);

    /// <summary>Creates the namespace with its loopback up.</summary>
    public static NetworkNamespace Create(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string? reason = UnavailableReason;
        if (reason != null)
        {
            throw new PlatformNotSupportedException(reason);
        }

        IpCommand.Run("netns", "add", name);
        var created = new NetworkNamespace(name);
        try
        {
            IpCommand.Run("-n", name, "link", "set", "lo", "up");
            return created;
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/> on a fresh thread that has entered this namespace, and waits for it.</summary>
    public T RunIn<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter();
                result = action();
            }
#pragma warning disable CA1031 // rethrown on the calling thread below
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "netns " + Name,
        };

        // The thread stays in the namespace until it ends; it is never reused for anything else.
        thread.Start();
        thread.Join();
        if (failure != null)
        {
            throw new InvalidOperationException($"running inside network namespace {Name} failed: {failure.Message}", failure);
        }

        return result;
    }

    public Socket CreateSocketIn(AddressFamily family, SocketType type, ProtocolType protocol) =>
        RunIn(() => new Socket(family, type, protocol));

    /// <summary>A TCP socket bound and listening inside the namespace (e.g. the device's 192.168.4.1:80).</summary>
    public Socket ListenIn(IPEndPoint endPoint, int backlog = 8)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return RunIn(() =>
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                ExclusiveBind.AllowRebindAfterRestart(socket);
                socket.Bind(endPoint);
                socket.Listen(backlog);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        });
    }

    /// <summary>Connects a TCP socket from inside the namespace.</summary>
    public async Task<Socket> ConnectAsync(EndPoint remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var family = remote.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetwork : remote.AddressFamily;
        var socket = CreateSocketIn(family, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>: HttpClient connections that start inside this namespace.</summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> HttpConnectCallback =>
        async (context, cancellationToken) =>
        {
            // An address literal is connected to as it is: name resolution would lose a link-local zone (%2).
            var host = context.DnsEndPoint;
            EndPoint remote = IPAddress.TryParse(host.Host, out var literal) ? new IPEndPoint(literal, host.Port) : host;
            var socket = await ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            socket.NoDelay = true;
            return new NetworkStream(socket, ownsSocket: true);
        };

    /// <summary>Runs a program inside the namespace (<c>ip netns exec</c>) to completion.</summary>
    public ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout) =>
        ProcessRunner.Run(IpPath, ExecArguments(fileName, arguments), timeout);

    /// <summary>Starts a program inside the namespace; the caller owns (and must end) the process.</summary>
    public Process Start(string fileName, IEnumerable<string> arguments) =>
        ProcessRunner.Start(IpPath, ExecArguments(fileName, arguments));

    /// <summary>Whether <c>ip netns list</c> still shows this namespace.</summary>
    public static bool Exists(string name)
    {
        var result = ProcessRunner.Run(IpPath, ["netns", "list"], TimeSpan.FromSeconds(20));
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed == name || trimmed.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _deleted, 1) == 0)
        {
            // Deleting the namespace also destroys the veth ends inside it.
            IpCommand.TryRun("netns", "delete", Name);
        }
    }

    private static string IpPath => IpCommand.Path ?? throw new PlatformNotSupportedException("iproute2's 'ip' command is not installed");

    private List<string> ExecArguments(string fileName, IEnumerable<string> arguments)
    {
        var all = new List<string> { "netns", "exec", Name, fileName };
        all.AddRange(arguments);
        return all;
    }

    private void Enter()
    {
        int fd = LibC.Open("/var/run/netns/" + Name, LibC.ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open /var/run/netns/{Name} (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (LibC.SetNs(fd, LibC.CloneNewNet) != 0)
            {
                throw new IOException($"setns into {Name} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }
}
