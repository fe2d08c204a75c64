using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Accessory.Core.Cloud;
using Accessory.Core.LocalApi;
using Accessory.Core.Ports;
using Accessory.Simulator.Faults;
using Accessory.Simulator.Http;
using Accessory.Simulator.Tls;
using CoreHttp = Accessory.Core.Http;
using WebSocketHandshake = Accessory.Core.WebSockets.WebSocketHandshake;

namespace Accessory.Simulator.LocalApi;

/// <summary>
/// The device's local control API over HTTPS (and optionally plain HTTP): the core's router for /api/v1/*, a
/// WebSocket for /api/v1/events, and every connection-level fault of the catalogue applied on the wire. It serves
/// only while the device is on its network; going offline ends every connection as a vanished device would.
/// </summary>
public sealed class LocalApiServer : IAsyncDisposable
{
    private const string Component = "api";
    private const int MaxHeaderBytes = 8192;
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleTimeout = LocalApiLimits.KeepAliveIdle;
    private readonly ApiAccessGuard _access;
    private readonly LocalApiHttpService _service;
    private readonly Accessory.Simulator.Platform.RateLimitedLog _noisyLog;
    private int _accepted;
    private static readonly TimeSpan ResetWaitLimit = TimeSpan.FromSeconds(1);
    private readonly LocalApiOptions _options;
    private readonly LampState _lamp;
    private readonly ActiveFaults _faults;
    private readonly TlsContextProvider _tls;
    private readonly ILog _log;
    private readonly ApiRequestHandler _handler;
    private readonly ConcurrentDictionary<ApiConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ApiListener _https;
    private readonly ApiListener? _http;
    private readonly OutageWindow _outage;
    private readonly object _gate = new();
    private readonly bool _ownsTls;
    private bool _online;

    // Replaced, never changed in place, so the open/close loops can walk a snapshot while a link listener is added.
    private volatile ApiListener[] _listeners;
    private TaskCompletionSource _blackholeOver = CompletedSource();

    public LocalApiServer(LocalApiOptions options, LocalApiRouter router, LampState lamp, ActiveFaults faults, TlsContextProvider tls, ILog log, ApiAccessGuard access, bool ownsTls = true)
    {
        // A fleet's devices share one provider per group; only its owner disposes it.
        _ownsTls = ownsTls;
        ArgumentNullException.ThrowIfNull(access);
        _access = access;
        _noisyLog = new Accessory.Simulator.Platform.RateLimitedLog(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(router);
        _options = options;
        _lamp = lamp;
        _faults = faults;
        _tls = tls;
        _log = log;
        _service = access.CreateService(router, lamp);
        _handler = new ApiRequestHandler(_service, faults);
        _https = new ApiListener(new IPEndPoint(options.BindAddress, options.HttpsPort), true, options.CreateListener, ServeTlsAsync, log);
        _http = options.HttpPort is int httpPort
            ? new ApiListener(new IPEndPoint(options.BindAddress, httpPort), false, options.CreateListener, ServePlainAsync, log)
            : null;
        _listeners = _http is null ? [_https] : [_https, _http];

        _outage = new OutageWindow(faults, BeginOutage, EndOutage, log);
    }

    /// <summary>The HTTPS endpoint (its real port once started).</summary>
    public IPEndPoint HttpsEndPoint => _https.EndPoint;

    /// <summary>The plain-HTTP endpoint, or null when not configured.</summary>
    public IPEndPoint? HttpEndPoint => _http?.EndPoint;

    /// <summary>The certificate (or root) a client should trust for the chain served right now.</summary>
    public string ClientCaFile => _tls.ClientCaFile;

    /// <summary>The current outage, if a server.outage window is running.</summary>
    public OutageMode Outage => _outage.Mode;

    /// <summary>Connections open right now.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>SHA-256 fingerprint of the device certificate, as hex pairs.</summary>
    public string CertificateFingerprint => _tls.DeviceFingerprint;

    /// <summary>Binds the listeners once, so their ports are known and taken, then serves whenever the device is online.</summary>
    public void Start()
    {
        foreach (var listener in _listeners)
        {
            listener.Open();
        }

        lock (_gate)
        {
            _online = true;
        }

        _outage.Start();
        _log.Write(LogLevel.Information, Component, "local API on https://" + HttpsEndPoint + (HttpEndPoint is null ? string.Empty : " and http://" + HttpEndPoint));
    }

    /// <summary>
    /// Makes the HTTPS API reachable at an IPv6 link-local address (with its scope id), as a Wi-Fi Aware data path
    /// needs, and returns the endpoint to hand the peer: the main listener when it already covers the address
    /// (bound to :: or to that address), else an extra listener on the HTTPS port (another port if that is taken)
    /// that follows the same online/outage rules. Asking twice for one address gives the same listener.
    /// </summary>
    /// <exception cref="SocketException">The address cannot be listened on.</exception>
    public IPEndPoint ListenOnLink(IPAddress linkLocal)
    {
        ArgumentNullException.ThrowIfNull(linkLocal);
        if (!linkLocal.IsIPv6LinkLocal || linkLocal.ScopeId == 0)
        {
            throw new ArgumentException("an IPv6 link-local address with its scope id", nameof(linkLocal));
        }

        var main = _https.EndPoint;
        if (main.Address.Equals(IPAddress.IPv6Any) || main.Address.Equals(linkLocal))
        {
            return new IPEndPoint(linkLocal, main.Port);
        }

        lock (_gate)
        {
            foreach (var existing in _listeners)
            {
                if (existing.Tls && existing.EndPoint.Address.Equals(linkLocal))
                {
                    return existing.EndPoint;
                }
            }

            var listener = OpenLinkListener(linkLocal, main.Port);
            _listeners = [.. _listeners, listener];
            if (!_online || _outage.Mode == OutageMode.Refuse)
            {
                listener.Close();
            }

            _log.Write(LogLevel.Information, Component, "local API also on https://" + listener.EndPoint);
            return listener.EndPoint;
        }
    }

    /// <summary>The device joined its network (again): listen, unless an outage says otherwise.</summary>
    public void GoOnline()
    {
        lock (_gate)
        {
            _online = true;
        }

        if (_outage.Mode != OutageMode.Refuse)
        {
            OpenListeners();
        }
    }

    /// <summary>The device lost its network: nothing answers and open connections end without close_notify.</summary>
    public void GoOffline()
    {
        lock (_gate)
        {
            _online = false;
        }

        CloseListeners();
        AbortAll();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _outage.Dispose();
        CloseListeners();
        foreach (var connection in _connections.Keys)
        {
            await connection.CloseGracefullyAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _blackholeOver.TrySetResult();
        if (_ownsTls)
        {
            _tls.Dispose();
        }

        _stopping.Dispose();
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private void BeginOutage(OutageMode mode)
    {
        _log.Write(LogLevel.Information, Component, "fault server.outage: " + mode.ToString().ToLowerInvariant() + " begins");
        switch (mode)
        {
            case OutageMode.Refuse:
                CloseListeners();
                AbortAll();
                break;
            case OutageMode.Reset:
                foreach (var connection in _connections.Keys)
                {
                    connection.Reset();
                }

                break;
            case OutageMode.Blackhole:
                lock (_gate)
                {
                    _blackholeOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                break;
        }
    }

    private void EndOutage(OutageMode mode)
    {
        _log.Write(LogLevel.Information, Component, "fault server.outage: over, serving again");
        if (mode == OutageMode.Blackhole)
        {
            // The server "restarted" behind the silence: what was held open is gone without close_notify.
            AbortAll();
            lock (_gate)
            {
                _blackholeOver.TrySetResult();
            }
        }

        bool online;
        lock (_gate)
        {
            online = _online;
        }

        if (online)
        {
            OpenListeners();
        }
    }

    private ApiListener OpenLinkListener(IPAddress linkLocal, int port)
    {
        var listener = new ApiListener(new IPEndPoint(linkLocal, port), true, _options.CreateListener, ServeTlsAsync, _log);
        try
        {
            listener.Open();
            return listener;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener = new ApiListener(new IPEndPoint(linkLocal, 0), true, _options.CreateListener, ServeTlsAsync, _log);
            listener.Open();
            return listener;
        }
    }

    private void OpenListeners()
    {
        foreach (var listener in _listeners)
        {
            try
            {
                listener.Open();
            }
            catch (SocketException e)
            {
                _log.Write(LogLevel.Error, Component, "cannot listen again on " + listener.EndPoint + ": " + e.Message);
            }
        }
    }

    private void CloseListeners()
    {
        foreach (var listener in _listeners)
        {
            listener.Close();
        }
    }

    private void AbortAll()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }
    }

    private Task ServeTlsAsync(Socket socket) => ServeAsync(socket, true);

    private Task ServePlainAsync(Socket socket) => ServeAsync(socket, false);

    private async Task ServeAsync(Socket socket, bool tls)
    {
        if (Interlocked.Increment(ref _accepted) > LocalApiLimits.MaxConnections)
        {
            try
            {
                await RefuseOverCapAsync(socket, tls).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _accepted);
            }

            return;
        }

        try
        {
            await ServeAcceptedAsync(socket, tls).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _accepted);
        }
    }

    // Over the cap a plain-HTTP client gets a 503 it can read; a TLS client a clean FIN (answering would first cost a
    // handshake, which is the work the cap is there to refuse).
    private async Task RefuseOverCapAsync(Socket socket, bool tls)
    {
        _noisyLog.Write("cap", LogLevel.Warning, Component, "connection from " + socket.RemoteEndPoint + " refused: " + LocalApiLimits.MaxConnections + " connections open (the cap)");
        try
        {
            if (!tls)
            {
                var busy = LocalApiHttpService.Error(503, "too many open connections; try again shortly");
                busy.SetHeader("Retry-After", Accessory.Core.LocalApi.LocalApiLimits.BusyRetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.SendAsync(busy.ToBytes(), SocketFlags.None, limit.Token).ConfigureAwait(false);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Gone already.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async Task ServeAcceptedAsync(Socket socket, bool tls)
    {
        var mode = _outage.Mode;
        if (mode == OutageMode.Reset)
        {
            await WaitForClientBytesAsync(socket).ConfigureAwait(false);
            new ApiConnection(socket, Stream.Null, null).Reset();
            return;
        }

        if (mode == OutageMode.Blackhole)
        {
            // Accepted by the kernel, then silence: not even a TLS handshake until the window is over.
            await WaitForBlackholeAsync().ConfigureAwait(false);
            new ApiConnection(socket, Stream.Null, null).Abort();
            return;
        }

        ApiConnection connection;
        if (tls)
        {
            TlsServerStream stream;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(HandshakeTimeout);
                stream = await TlsServerStream.AcceptAsync(_tls.Current(), socket, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TlsHandshakeException or OperationCanceledException or IOException or SocketException)
            {
                _noisyLog.Write("tls-handshake", LogLevel.Information, Component, "TLS handshake failed: " + e.Message);
                socket.Dispose();
                return;
            }

            connection = new ApiConnection(socket, stream, stream);
        }
        else
        {
            connection = new ApiConnection(socket, new NetworkStream(socket, ownsSocket: false), null);
        }

        _connections.TryAdd(connection, 0);
        try
        {
            await ServeRequestsAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            if (!connection.Ended)
            {
                connection.Abort();
            }
        }
    }

    // A reset sent the instant a connection is accepted can reach the client before its connect() has reported
    // success, and the client then calls it a refused connection (curl exit 7), which is the other outage mode.
    // Once the client has sent its first bytes it is past connecting, so the reset is seen as a reset.
    private async Task WaitForClientBytesAsync(Socket socket)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        limit.CancelAfter(ResetWaitLimit);
        try
        {
            await socket.ReceiveAsync(new byte[1], SocketFlags.Peek, limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Silent or gone client: reset it all the same.
        }
    }

    private async Task WaitForBlackholeAsync()
    {
        Task over;
        lock (_gate)
        {
            over = _blackholeOver.Task;
        }

        await over.WaitAsync(_stopping.Token).ConfigureAwait(false);
    }

    private async Task ServeRequestsAsync(ApiConnection connection)
    {
        var reader = new CoreRequestReader(connection.Stream, MaxHeaderBytes, LocalApiPaths.MaxBodyBytes, localApi: true);
        int responses = 0;
        while (!connection.Ended)
        {
            CoreHttp.HttpRequest request;
            try
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                idle.CancelAfter(IdleTimeout);
                if (!await reader.WaitForRequestAsync(idle.Token).ConfigureAwait(false))
                {
                    await connection.CloseGracefullyAsync(_stopping.Token).ConfigureAwait(false);
                    return;
                }

                request = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
            }
            catch (CoreHttp.HttpRequestRefusedException e)
            {
                await SendAsync(connection, _service.Refuse(e), keepAlive: false).ConfigureAwait(false);
                await connection.CloseGracefullyAsync(_stopping.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
            {
                connection.Abort();
                return;
            }

            if (_outage.Mode == OutageMode.Blackhole)
            {
                await WaitForBlackholeAsync().ConfigureAwait(false);
                connection.Abort();
                return;
            }

            var client = (connection.Socket.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
            if (ApiAccessGuard.Check(_service, _access.Log, request, client.ToString()) is { } refusal)
            {
                await SendAsync(connection, refusal, keepAlive: false).ConfigureAwait(false);
                await connection.CloseGracefullyAsync(_stopping.Token).ConfigureAwait(false);
                return;
            }

            if (LocalApiHttpService.IsEventsUpgrade(request))
            {
                await UpgradeAsync(connection, request).ConfigureAwait(false);
                return;
            }

            if (!await AnswerAsync(connection, request).ConfigureAwait(false))
            {
                return;
            }

            responses++;
            if (connection.Tls is not null && _faults.TryGet(FaultNames.TlsAbortWithoutCloseNotify, out var abort) && responses >= abort.GetInt("after"))
            {
                _log.Write(LogLevel.Information, Component, "fault tls.abort-without-close-notify: closing after " + responses + " response(s) with no close_notify");
                connection.Abort();
                return;
            }

            if (!request.KeepAlive)
            {
                await connection.CloseGracefullyAsync(_stopping.Token).ConfigureAwait(false);
                return;
            }
        }
    }

    // False when the connection ended while answering.
    private async Task<bool> AnswerAsync(ApiConnection connection, CoreHttp.HttpRequest request)
    {
        if (_faults.TryGet(FaultNames.HttpDelay, out var delay) && ApiRequestHandler.Matches(delay, request.Path))
        {
            Accessory.Simulator.Metrics.SimulatorMetrics.FaultsFired.WithLabels(FaultNames.HttpDelay).Inc();
            try
            {
                await Accessory.Simulator.Platform.PreciseDelay.AtLeastAsync(TimeSpan.FromMilliseconds(delay.GetInt("ms")), _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        var response = _handler.Handle(request);
        Accessory.Simulator.Metrics.SimulatorMetrics.LocalApiRequests
            .WithLabels(Accessory.Simulator.Metrics.SimulatorMetrics.RouteLabel(request.Path), response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        if (_faults.TryGet(FaultNames.HttpReset, out var reset) && ApiRequestHandler.Matches(reset, request.Path))
        {
            response.Close = !request.KeepAlive;
            var bytes = response.ToBytes();
            int cut = Math.Min(reset.GetInt("after-bytes"), bytes.Length);
            _log.Write(LogLevel.Information, Component, "fault http.reset: TCP reset after " + cut + " of " + bytes.Length + " response bytes");
            try
            {
                await connection.Stream.WriteAsync(bytes.AsMemory(0, cut), _stopping.Token).ConfigureAwait(false);
                await connection.Stream.FlushAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Being reset anyway.
            }

            connection.Reset();
            return false;
        }

        return await SendAsync(connection, response, request.KeepAlive).ConfigureAwait(false);
    }

    private async Task<bool> SendAsync(ApiConnection connection, CoreHttp.HttpResponse response, bool keepAlive)
    {
        try
        {
            response.Close = !keepAlive;
            await connection.Stream.WriteAsync(response.ToBytes(), _stopping.Token).ConfigureAwait(false);
            await connection.Stream.FlushAsync(_stopping.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            connection.Abort();
            return false;
        }
    }

    private async Task UpgradeAsync(ApiConnection connection, CoreHttp.HttpRequest request)
    {
        var refusal = LocalApiHttpService.UpgradeRefusal(request);
        if (refusal is not null)
        {
            await SendAsync(connection, refusal, keepAlive: false).ConfigureAwait(false);
            await connection.CloseGracefullyAsync(_stopping.Token).ConfigureAwait(false);
            return;
        }

        if (!_service.TryOpenEventStream())
        {
            await SendAsync(connection, _service.EventStreamsBusy(), keepAlive: false).ConfigureAwait(false);
            await connection.CloseGracefullyAsync(_stopping.Token).ConfigureAwait(false);
            return;
        }

        try
        {
            if (!await SendAsync(connection, WebSocketHandshake.Accept(request, null), keepAlive: true).ConfigureAwait(false))
            {
                return;
            }

            using var session = new EventsWebSocketSession(connection, _lamp, _faults, _log);
            Accessory.Simulator.Metrics.SimulatorMetrics.WebSocketConnections.Inc();
            Accessory.Simulator.Metrics.SimulatorMetrics.WebSocketOpen.Inc();
            await session.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            Accessory.Simulator.Metrics.SimulatorMetrics.WebSocketOpen.Dec();
            _service.EventStreamClosed();
        }
    }
}
