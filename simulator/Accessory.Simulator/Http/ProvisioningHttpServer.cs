using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CoreHttp = Accessory.Core.Http;

namespace Accessory.Simulator.Http;

/// <summary>
/// The "softap" provisioning transport: protocomm over HTTP/1.1 as ESP-IDF's protocomm_httpd serves it.
/// Raw sockets rather than Kestrel, because clients depend on httpd's quirks: one session identified by a cookie
/// or by the socket, one open socket with least-recently-used purge, and a silently closed socket when a handler
/// fails.
/// </summary>
public sealed class ProvisioningHttpServer : IAsyncDisposable
{
    private const string SessionCookie = "session=";
    private readonly ProtocommRouter _router;
    private readonly IRandom _random;
    private readonly ILogger _logger;

    // Anyone in radio range can send garbage all day: one refusal line per 10 s, with a count of the rest.
    private readonly Accessory.Simulator.Platform.RateLimitedLog _refusals = new();
    private readonly ProvisioningHttpOptions _options;
    private readonly object _socketsGate = new();
    private readonly object _sessionGate = new();
    private readonly List<HttpConnection> _open = [];
    private readonly List<Task> _connectionTasks = [];
    private CancellationTokenSource? _stopping;
    private Socket? _listener;
    private Task? _acceptLoop;
    private long _nextSocketId;
    private long _tick;
    private bool _hasSession;
    private uint _sessionId;
    private long _sessionSocket = -1;

    public ProvisioningHttpServer(ProtocommRouter router, IRandom random, ILogger? logger = null, ProvisioningHttpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(random);
        _router = router;
        _random = random;
        _logger = logger ?? NullLogger.Instance;
        _options = options ?? new ProvisioningHttpOptions();
    }

    /// <summary>Where the server listens (the real port when 0 was asked for). Valid after <see cref="StartAsync"/>.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener ?? throw new InvalidOperationException("the server is not started")).LocalEndPoint!;

    /// <summary>The current security session's id, or null when none is open.</summary>
    public uint? CurrentSessionId
    {
        get
        {
            lock (_sessionGate)
            {
                return _hasSession ? _sessionId : null;
            }
        }
    }

    /// <summary>Number of client sockets currently open.</summary>
    public int OpenSocketCount
    {
        get
        {
            lock (_socketsGate)
            {
                return _open.Count;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_listener != null)
        {
            throw new InvalidOperationException("the server is already started");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var endPoint = new IPEndPoint(_options.BindAddress, _options.Port);
        _listener = _options.CreateListener != null ? _options.CreateListener(endPoint) : Listen(endPoint);
        _stopping = new CancellationTokenSource();
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
        HttpLog.Listening(_logger, LocalEndPoint);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, closes every socket and the session, and waits for the socket tasks to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopping == null || _stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();

        // The accept loop ends first, so no connection can be added after the snapshot below.
        await _acceptLoop!.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task[] pending;
        lock (_socketsGate)
        {
            foreach (var connection in _open)
            {
                connection.Dispose();
            }

            pending = [.. _connectionTasks];
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_sessionGate)
        {
            EndSession("server stopped");
        }

        HttpLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping?.Dispose();
    }

    private static Socket Listen(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Accessory.Simulator.Net.ExclusiveBind.AllowRebindAfterRestart(socket);
            socket.Bind(endPoint);
            socket.Listen(8);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static uint? ParseSessionCookie(string cookie)
    {
        foreach (var part in cookie.Split(';'))
        {
            string item = part.Trim();
            if (item.StartsWith(SessionCookie, StringComparison.Ordinal)
                && uint.TryParse(item.AsSpan(SessionCookie.Length), NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
            {
                return id;
            }
        }

        return null;
    }

    private static byte[] Response(int status, string reasonPhrase, byte[] body, string? extraHeader, bool close)
    {
        // httpd's default Content-Type goes out because protocomm sets none.
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reasonPhrase}\r\n")
            .Append("Content-Type: text/html\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        if (extraHeader != null)
        {
            head.Append(extraHeader).Append("\r\n");
        }

        if (close)
        {
            head.Append("Connection: close\r\n");
        }

        return HttpWire.Join(head, body);
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
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // A client that reset before we accepted it; keep serving the others.
                continue;
            }

            client.NoDelay = true;
            var connection = new HttpConnection(Interlocked.Increment(ref _nextSocketId), client, Interlocked.Increment(ref _tick));
            HttpLog.Accepted(_logger, connection.Id, client.RemoteEndPoint);
            lock (_socketsGate)
            {
                _open.Add(connection);
                PurgeLeastRecentlyUsed(connection);
                _connectionTasks.RemoveAll(t => t.IsCompleted);
                _connectionTasks.Add(Task.Run(() => ServeAsync(connection, stopping), CancellationToken.None));
            }
        }
    }

    private void PurgeLeastRecentlyUsed(HttpConnection keep)
    {
        while (_open.Count > _options.MaxOpenSockets)
        {
            HttpConnection? oldest = null;
            foreach (var candidate in _open)
            {
                if (candidate != keep && (oldest == null || candidate.LastUsed < oldest.LastUsed))
                {
                    oldest = candidate;
                }
            }

            if (oldest == null)
            {
                return;
            }

            _open.Remove(oldest);
            oldest.Dispose();
            HttpLog.Purged(_logger, oldest.Id, _options.MaxOpenSockets);
        }
    }

    private async Task ServeAsync(HttpConnection connection, CancellationToken stopping)
    {
        string closeReason = "client closed the socket";
        try
        {
            var reader = new ProvisioningRequestReader(connection.Stream, _options.MaxHeaderBytes, _options.MaxBodyBytes);
            while (!stopping.IsCancellationRequested && !connection.IsClosed)
            {
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    idle.CancelAfter(_options.IdleTimeout);
                    if (!await reader.WaitForRequestAsync(idle.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }

                CoreHttp.HttpRequest request;
                using (var slow = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                {
                    slow.CancelAfter(_options.RequestTimeout);
                    try
                    {
                        request = await reader.ReadAsync(slow.Token).ConfigureAwait(false);
                    }
                    catch (CoreHttp.HttpRequestRefusedException e)
                    {
                        if (_refusals.TryEnter("refused", out int skippedRefusals))
                        {
                            HttpLog.Refused(_logger, connection.Id, e.Status, e.Message, skippedRefusals);
                        }
                        await SendAsync(connection, Response(e.Status, HttpWire.ReasonPhrase(e.Status), Encoding.ASCII.GetBytes(e.Message), null, true), stopping).ConfigureAwait(false);
                        closeReason = "refused: " + e.Message;
                        await LingerAsync(connection, stopping).ConfigureAwait(false);
                        break;
                    }
                }

                connection.LastUsed = Interlocked.Increment(ref _tick);
                var (reply, keepOpen, reason) = Dispatch(connection, request);
                if (reply != null)
                {
                    await SendAsync(connection, reply, stopping).ConfigureAwait(false);
                }

                if (!keepOpen)
                {
                    closeReason = reason;
                    if (reply != null)
                    {
                        await LingerAsync(connection, stopping).ConfigureAwait(false);
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            closeReason = stopping.IsCancellationRequested ? "server stopping" : closeReason.StartsWith("refused", StringComparison.Ordinal) ? closeReason : "client too slow or idle too long";
        }
        catch (IOException e)
        {
            closeReason = e.Message;
        }
        catch (SocketException e)
        {
            closeReason = e.Message;
        }
        catch (ObjectDisposedException)
        {
            closeReason = "purged or server stopping";
        }
        finally
        {
            lock (_socketsGate)
            {
                _open.Remove(connection);
            }

            connection.Dispose();
            HttpLog.Closed(_logger, connection.Id, closeReason);
        }
    }

    private (byte[]? Reply, bool KeepOpen, string Reason) Dispatch(HttpConnection connection, CoreHttp.HttpRequest request)
    {
        string endpoint = request.Path.Length > 1 ? request.Path[1..] : string.Empty;
        bool known = !_router.Stopped && _router.HasEndpoint(endpoint);
        if (request.Method != "POST")
        {
            int status = known ? 405 : 404;
            string text = known ? $"endpoint '{endpoint}' accepts POST only" : $"no endpoint '{endpoint}'";
            if (_refusals.TryEnter("refused", out int skippedRefusals))
            {
                HttpLog.Refused(_logger, connection.Id, status, text, skippedRefusals);
            }
            return (Response(status, HttpWire.ReasonPhrase(status), Encoding.UTF8.GetBytes(text), null, true), false, text);
        }

        if (!known)
        {
            // httpd answers an unregistered URI itself; protocomm and the session are not involved.
            string text = $"no endpoint '{endpoint}'";
            if (_refusals.TryEnter("refused", out int skippedRefusals))
            {
                HttpLog.Refused(_logger, connection.Id, 404, text, skippedRefusals);
            }
            return (Response(404, "Not Found", Encoding.UTF8.GetBytes(text), null, !request.KeepAlive), request.KeepAlive, text);
        }

        ProtocommResponse response;
        uint session;
        bool created;
        lock (_sessionGate)
        {
            created = ResolveSession(connection, request.Cookie);
            session = _sessionId;
            response = _router.Handle(session, endpoint, request.Body);
        }

        switch (response.Outcome)
        {
            case ProtocommOutcome.Ok:
                HttpLog.Request(_logger, endpoint, connection.Id, session, response.Outcome, created ? "new session" : "session continued");
                string? cookie = created ? "Set-Cookie: " + SessionCookie + session.ToString(CultureInfo.InvariantCulture) : null;
                return (Response(200, "OK", response.Body, cookie, !request.KeepAlive), request.KeepAlive, "client asked to close");
            case ProtocommOutcome.UnknownEndpoint:
            case ProtocommOutcome.Stopped:
                HttpLog.Request(_logger, endpoint, connection.Id, session, response.Outcome, response.Reason);
                string text = $"no endpoint '{endpoint}'";
                return (Response(404, "Not Found", Encoding.UTF8.GetBytes(text), null, !request.KeepAlive), request.KeepAlive, text);
            default:
                HttpLog.RequestDropped(_logger, endpoint, connection.Id, session, response.Outcome, response.Reason);
                return (null, false, response.Outcome + ": " + response.Reason);
        }
    }

    /// <summary>Picks the session for a request; true when a new one was opened (its response sets the cookie).</summary>
    private bool ResolveSession(HttpConnection connection, string? cookieHeader)
    {
        if (_hasSession)
        {
            bool continues = cookieHeader == null
                ? _sessionSocket == connection.Id
                : ParseSessionCookie(cookieHeader) == _sessionId;
            if (continues)
            {
                _sessionSocket = connection.Id;
                return false;
            }

            EndSession("a request on socket " + connection.Id.ToString(CultureInfo.InvariantCulture) + " started a new session");
        }

        var bytes = new byte[4];
        _random.NextBytes(bytes);
        _sessionId = BitConverter.ToUInt32(bytes, 0);
        _hasSession = true;
        _sessionSocket = connection.Id;
        _router.OpenSession(_sessionId);
        HttpLog.SessionStarted(_logger, _sessionId, connection.Id);
        return true;
    }

    private void EndSession(string reason)
    {
        if (!_hasSession)
        {
            return;
        }

        _hasSession = false;
        _router.CloseSession(_sessionId);
        HttpLog.SessionClosed(_logger, _sessionId, reason);
    }

    /// <summary>
    /// After a refusal the client may still be sending the body we will not read; closing with unread bytes makes
    /// the kernel send a reset that can destroy our response before the client reads it. So: send FIN, then
    /// discard what still arrives, bounded in bytes and time.
    /// </summary>
    private static async Task LingerAsync(HttpConnection connection, CancellationToken stopping)
    {
        connection.Socket.Shutdown(SocketShutdown.Send);
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        linger.CancelAfter(TimeSpan.FromSeconds(2));
        var sink = new byte[4096];
        for (int total = 0; total < 256 * 1024;)
        {
            int read = await connection.Stream.ReadAsync(sink, linger.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            total += read;
        }
    }

    private static async Task SendAsync(HttpConnection connection, byte[] bytes, CancellationToken stopping)
    {
        await connection.Stream.WriteAsync(bytes, stopping).ConfigureAwait(false);
    }
}
