using System.Net;
using System.Net.Sockets;
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
/// fails. Those rules and every response byte are the core's (ProvisioningHttpSessions, ConnectionSlots, the
/// parser), shared with the firmware's TcpHttpServer; this class owns only the asynchronous socket I/O, its
/// timeouts and the linger after a refusal.
/// </summary>
public sealed class ProvisioningHttpServer : IAsyncDisposable
{
    private readonly CoreHttp.ProvisioningHttpSessions _sessions;
    private readonly CoreHttp.ConnectionSlots _slots;
    private readonly ILogger _logger;

    // Anyone in radio range can send garbage all day: one refusal line per 10 s, with a count of the rest.
    private readonly Accessory.Simulator.Platform.RateLimitedLog _refusals = new();
    private readonly ProvisioningHttpOptions _options;
    private readonly object _socketsGate = new();
    private readonly List<HttpConnection> _open = [];
    private readonly List<Task> _connectionTasks = [];
    private CancellationTokenSource? _stopping;
    private Socket? _listener;
    private Task? _acceptLoop;
    private int _nextSocketId;

    public ProvisioningHttpServer(ProtocommRouter router, IRandom random, ILogger? logger = null, ProvisioningHttpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(random);
        _logger = logger ?? NullLogger.Instance;
        _options = options ?? new ProvisioningHttpOptions();
        _sessions = new CoreHttp.ProvisioningHttpSessions(router, random, new LoggerAsCoreLog(_logger));
        _slots = new CoreHttp.ConnectionSlots(_options.MaxOpenSockets);
    }

    /// <summary>Where the server listens (the real port when 0 was asked for). Valid after <see cref="StartAsync"/>.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener ?? throw new InvalidOperationException("the server is not started")).LocalEndPoint!;

    /// <summary>The current security session's id, or null when none is open.</summary>
    public uint? CurrentSessionId
    {
        get
        {
            return _sessions.TryGetSession(out uint id) ? id : null;
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
        _sessions.End("server stopped");

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
            var connection = new HttpConnection(Interlocked.Increment(ref _nextSocketId), client);
            HttpLog.Accepted(_logger, connection.Id, client.RemoteEndPoint);
            lock (_socketsGate)
            {
                _open.Add(connection);
                Purge(_slots.Admit(connection.Id));
                _connectionTasks.RemoveAll(t => t.IsCompleted);
                _connectionTasks.Add(Task.Run(() => ServeAsync(connection, stopping), CancellationToken.None));
            }
        }
    }

    private void Purge(int victim)
    {
        var oldest = _open.Find(c => c.Id == victim);
        if (oldest == null)
        {
            return;
        }

        _open.Remove(oldest);
        oldest.Dispose();
        HttpLog.Purged(_logger, oldest.Id, _options.MaxOpenSockets);
    }

    private async Task ServeAsync(HttpConnection connection, CancellationToken stopping)
    {
        string closeReason = "client closed the socket";
        try
        {
            var reader = new CoreRequestReader(connection.Stream, _options.MaxHeaderBytes, _options.MaxBodyBytes, localApi: false);
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
                        await SendAsync(connection, _sessions.Refuse(e).ToBytes(), stopping).ConfigureAwait(false);
                        closeReason = "refused: " + e.Message;
                        await LingerAsync(connection, stopping).ConfigureAwait(false);
                        break;
                    }
                }

                _slots.Touch(connection.Id);
                var reply = _sessions.Handle(connection.Id, connection.Socket.RemoteEndPoint?.ToString() ?? string.Empty, request);
                if (reply != null)
                {
                    if (reply.Status >= 400 && _refusals.TryEnter("refused", out int skippedRefusals))
                    {
                        HttpLog.Refused(_logger, connection.Id, reply.Status, request.Method + " " + request.Path, skippedRefusals);
                    }

                    await SendAsync(connection, reply.ToBytes(), stopping).ConfigureAwait(false);
                }

                if (reply == null || reply.Close)
                {
                    closeReason = reply == null ? "handler failed; closed without a response" : "closed after " + reply.Status;
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

            _slots.Remove(connection.Id);
            _sessions.Closed(connection.Id);
            connection.Dispose();
            HttpLog.Closed(_logger, connection.Id, closeReason);
        }
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
