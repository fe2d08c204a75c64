using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Accessory.Simulator.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Faults;

/// <summary>
/// Plain HTTP control API over one device's <see cref="ActiveFaults"/>, on loopback only: it changes how the
/// device misbehaves, so nothing off this machine may reach it. Garbage on one connection closes that connection
/// and nothing else.
/// </summary>
public sealed class FaultControlServer : IAsyncDisposable
{
    public const int MaxBodyBytes = 16 * 1024;
    private const int MaxHeaderBytes = 8 * 1024;
    private const int MaxOpenConnections = 16;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    private readonly FaultControlApi _api;

    // Loopback only: the names it answers to are localhost and IP literals, nothing a DNS server could rebind.
    private readonly BrowserRequestGuard _browser = new([]);
    private readonly IPEndPoint _bind;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<Task> _connections = [];
    private CancellationTokenSource? _stopping;
    private Socket? _listener;
    private Task? _acceptLoop;
    private volatile IControlRoutes? _routes;

    /// <param name="port">0 picks a free port; read <see cref="Port"/> after starting.</param>
    /// <param name="address">A loopback address; anything else is refused.</param>
    public FaultControlServer(ActiveFaults faults, int port, IPAddress? address = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        address ??= IPAddress.Loopback;
        if (!IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"the fault control API binds to loopback only (127.0.0.1 or ::1), not {address}", nameof(address));
        }

        _api = new FaultControlApi(faults);
        _bind = new IPEndPoint(address, port);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Valid after <see cref="Start"/>.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener ?? throw new InvalidOperationException("the server is not started")).LocalEndPoint!;

    public int Port => LocalEndPoint.Port;

    /// <summary>Adds routes served next to /faults (the dashboard, /status, /events, /metrics); they answer first.</summary>
    internal void AddRoutes(IControlRoutes routes) => _routes = routes;

    /// <exception cref="SocketException">The port is taken.</exception>
    public void Start()
    {
        if (_listener != null)
        {
            throw new InvalidOperationException("the server is already started");
        }

        var socket = new Socket(_bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Accessory.Simulator.Net.ExclusiveBind.AllowRebindAfterRestart(socket);

            socket.Bind(_bind);
            socket.Listen(16);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _listener = socket;
        _stopping = new CancellationTokenSource();
        _acceptLoop = AcceptLoopAsync(socket, _stopping.Token);
        FaultControlLog.Listening(_logger, LocalEndPoint);
    }

    public async Task StopAsync()
    {
        if (_stopping == null || _stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener!.Dispose();
        await _acceptLoop!.ConfigureAwait(false);
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _connections];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping?.Dispose();
    }

    private static byte[] Response(int status, string json, string? allow, bool close)
    {
        byte[] body = Encoding.UTF8.GetBytes(json + "\n");
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n")
            .Append("Content-Type: application/json; charset=utf-8\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        if (allow != null)
        {
            head.Append("Allow: ").Append(allow).Append("\r\n");
        }

        head.Append(close ? "Connection: close\r\n\r\n" : "\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    };

    /// <summary>
    /// Closing with unread request bytes makes the kernel reset the socket, which can destroy the error response
    /// before the client reads it; so send FIN and drain what still comes, bounded in bytes and time.
    /// </summary>
    private static async Task DrainAsync(Socket socket, NetworkStream stream, CancellationToken stopping)
    {
        socket.Shutdown(SocketShutdown.Send);
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        linger.CancelAfter(TimeSpan.FromSeconds(2));
        var sink = new byte[4096];
        for (int total = 0; total < 4 * MaxBodyBytes;)
        {
            int read = await stream.ReadAsync(sink, linger.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            total += read;
        }
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            lock (_gate)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                if (_connections.Count >= MaxOpenConnections)
                {
                    // A control client has no business holding this many sockets; shed rather than grow.
                    client.Dispose();
                    continue;
                }

                _connections.Add(Task.Run(() => ServeAsync(client, stopping), CancellationToken.None));
            }
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        string reason = "client closed the connection";
        using var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            var reader = new HttpRequestReader(stream, MaxHeaderBytes, MaxBodyBytes);
            while (!stopping.IsCancellationRequested)
            {
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    idle.CancelAfter(IdleTimeout);
                    if (!await reader.WaitForRequestAsync(idle.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }

                HttpRequest request;
                using (var slow = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    slow.CancelAfter(RequestTimeout);
                    try
                    {
                        request = await reader.ReadAsync(slow.Token).ConfigureAwait(false);
                    }
                    catch (HttpRequestRefusedException e)
                    {
                        FaultControlLog.Request(_logger, "?", "?", e.Status);
                        await stream.WriteAsync(Response(e.Status, FaultControlJson.Error(e.Reason), null, close: true), stopping).ConfigureAwait(false);
                        reason = "refused: " + e.Reason;
                        await DrainAsync(client, stream, stopping).ConfigureAwait(false);
                        break;
                    }
                }

                if (_browser.Check(request) is { } refused)
                {
                    // A web page in the user's browser (cross-site POST, or DNS rebinding to 127.0.0.1) must not set faults.
                    FaultControlLog.Request(_logger, request.Method, request.Path, refused.Status);
                    await stream.WriteAsync(Response(refused.Status, FaultControlJson.Error(refused.Reason), null, close: true), stopping).ConfigureAwait(false);
                    reason = "refused: " + refused.Reason;
                    await DrainAsync(client, stream, stopping).ConfigureAwait(false);
                    break;
                }

                if (_routes is { } routes && routes.Handles(request.Method, request.Path))
                {
                    // Extra routes answer with Connection: close (an event stream holds its connection until the end).
                    int status = await routes.ServeAsync(request, stream, stopping).ConfigureAwait(false);
                    FaultControlLog.RouteRequest(_logger, request.Method, request.Path, status);
                    reason = "served " + request.Path;
                    break;
                }

                var response = _api.Handle(request.Method, request.Path, request.Body);
                FaultControlLog.Request(_logger, request.Method, request.Path, response.Status);
                await stream.WriteAsync(Response(response.Status, response.Json, response.Allow, !request.KeepAlive), stopping).ConfigureAwait(false);
                if (!request.KeepAlive)
                {
                    reason = "request asked to close";
                    await DrainAsync(client, stream, stopping).ConfigureAwait(false);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            reason = stopping.IsCancellationRequested ? "server stopping" : "client too slow or idle too long";
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = e.Message;
        }

        FaultControlLog.Closed(_logger, reason);
    }
}
