using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace Accessory.Simulator.Mqtt;

/// <summary>
/// An in-process MQTT broker so <c>accessory-sim run</c> works with nothing installed. It listens on exactly one
/// address (loopback unless told otherwise; MQTTnet's default would add the IPv6 wildcard [::] beside it), through
/// <see cref="BrokerFrontGate"/>; can be stopped and started again on the same port, which is how outage tests cut the cloud.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly IPAddress _address;
    private readonly object _gate = new();
    private MqttServer? _server;
    private BrokerFrontGate? _front;
    private IPEndPoint? _inner;

    private readonly BrokerCredentials? _credentials;
    private int _clients;
    private int _trims;

    /// <summary>How long the broker must have had no client before it gives its memory back (then again at 4, 14 and 30 s).</summary>
    public static readonly TimeSpan IdleTrimDelay = TimeSpan.FromSeconds(1);

    // The last step comes after the thread pool has retired the threads a connect storm added (they exit after 20 s
    // without work), so what those threads left in malloc's arenas is free to trim.
    private static readonly TimeSpan[] TrimSteps = [IdleTrimDelay, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(16)];

    /// <summary>From the last client leaving until the broker's last attempt to give memory back.</summary>
    public static TimeSpan IdleTrimWindow => TrimSteps.Aggregate(TimeSpan.Zero, (sum, step) => sum + step);

    /// <param name="credentials">
    /// When given, every client must present them (a device's broker); without, anyone on the bound address may
    /// connect (tests and benchmarks that own the broker).
    /// </param>
    public EmbeddedBroker(int port = BrokerUri.DefaultTcpPort, IPAddress? address = null, BrokerCredentials? credentials = null)
    {
        _credentials = credentials;
        if (port < 1 || port > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "Port must be 1-65535.");
        }

        Port = port;
        _address = address ?? IPAddress.Loopback;
    }

    public int Port { get; }

    /// <summary>Give memory back once the last client has left (on by default; off only to measure the difference).</summary>
    public bool TrimWhenIdle { get; init; } = true;

    /// <summary>MQTT clients connected now, as MQTTnet's connect and disconnect events counted them.</summary>
    public int ConnectedClients => Volatile.Read(ref _clients);

    /// <summary>
    /// Client TCP connections open now (at the front gate, so including any not yet or no longer an MQTT client):
    /// the broker is idle when this is 0.
    /// </summary>
    public int OpenConnections
    {
        get
        {
            lock (_gate)
            {
                return _front?.OpenConnections ?? 0;
            }
        }
    }

    /// <summary>
    /// MQTTnet's own listener behind the front gate (a loopback port chosen at start; null while stopped), for
    /// diagnostics such as `ss`: clients never connect to it.
    /// </summary>
    public IPEndPoint? InnerEndPoint
    {
        get
        {
            lock (_gate)
            {
                return _inner;
            }
        }
    }

    /// <summary>Times the broker gave memory back after its last client left.</summary>
    public int Trims => Volatile.Read(ref _trims);

    /// <summary>Sessions MQTTnet holds now (none once every client has left: persistent sessions are not enabled).</summary>
    public async Task<int> SessionCountAsync()
    {
        MqttServer? server;
        lock (_gate)
        {
            server = _server;
        }

        return server is null ? 0 : (await server.GetSessionsAsync().ConfigureAwait(false)).Count;
    }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _server is not null && _server.IsStarted;
            }
        }
    }

    /// <summary>The URI a client uses to reach this broker.</summary>
    public BrokerUri Uri => BrokerUri.Parse("mqtt://" + (_address.Equals(IPAddress.Any) ? IPAddress.Loopback : _address) + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task StartAsync()
    {
        // MQTTnet's inner port is found free, then bound by MQTTnet: another program can take it in between (seen
        // once in a full test run). Then the start is tried again with another inner port, a few times.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync().ConfigureAwait(false);
                return;
            }
            catch (InnerPortTakenException) when (attempt < 5)
            {
                // Another free inner port on the next attempt.
            }
            catch (InnerPortTakenException e)
            {
                throw e.Cause;
            }
        }
    }

    private async Task StartOnceAsync()
    {
        MqttServer server;
        BrokerFrontGate gate;
        lock (_gate)
        {
            if (_server is not null)
            {
                return;
            }

            // MQTTnet listens on a loopback port of its own; only the gate (exact address, no SO_REUSEPORT, CONNECT
            // size checked before MQTTnet reserves anything) faces clients. A port taken by anyone fails here.
            var inner = new IPEndPoint(IPAddress.Loopback, FreeLoopbackPort());
            gate = BrokerFrontGate.Start(new IPEndPoint(_address, Port), inner, idle => _ = TrimWhenStillIdleAsync(idle));
            var options = new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
                .WithDefaultEndpointPort(inner.Port)
                .Build();
            options.DefaultEndpointOptions.ConnectionBacklog = BrokerFrontGate.ListenBacklog;
            server = new MqttServerFactory().CreateMqttServer(options);
            if (_credentials is { } credentials)
            {
                // Refused before a session exists, so an anonymous client cannot take over the device's client id either.
                server.ValidatingConnectionAsync += e =>
                {
                    if (!credentials.Accepts(e.UserName, e.Password))
                    {
                        e.ReasonCode = MQTTnet.Protocol.MqttConnectReasonCode.BadUserNameOrPassword;
                    }

                    return Task.CompletedTask;
                };
            }

            server.ClientConnectedAsync += _ =>
            {
                Interlocked.Increment(ref _clients);
                return Task.CompletedTask;
            };
            server.ClientDisconnectedAsync += _ =>
            {
                Interlocked.Decrement(ref _clients);
                return Task.CompletedTask;
            };
            _server = server;
            _front = gate;
            _inner = inner;
        }

        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _server = null;
                _front = null;
                _inner = null;
            }

            await gate.DisposeAsync().ConfigureAwait(false);
            server.Dispose();
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } taken)
            {
                throw new InnerPortTakenException(taken);
            }

            throw;
        }
    }

    public async Task StopAsync()
    {
        MqttServer? server;
        BrokerFrontGate? gate;
        lock (_gate)
        {
            server = _server;
            gate = _front;
            _server = null;
            _front = null;
            _inner = null;
        }

        if (gate is not null)
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }

        if (server is null)
        {
            return;
        }

        try
        {
            await server.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            server.Dispose();
        }
    }

    // MQTTnet's per-client state is garbage once the clients leave, but a workstation GC keeps the heap it grew to
    // (RSS 56 -> 170 -> 204 MB over three 5,000-link runs): after the last client has been gone a moment, one
    // aggressive compacting collection decommits what they used. Idle means the gate has no connection open, counted
    // by the gate itself: MQTTnet's connect/disconnect events do not pair up when a client leaves mid-CONNECT (a
    // disconnect without a connect), and a count built on them cancelled the later trims under load, leaving ~600 MB
    // of garbage uncollected in half the cycles of a soak.
    private async Task TrimWhenStillIdleAsync(BrokerFrontGate gate)
    {
        long accepted = gate.Accepted;

        // MQTTnet finishes tearing thousands of sessions down a while after their sockets closed (seconds under
        // load), so one early collection can find some still referenced: collect again later while still idle.
        foreach (var delay in TrimSteps)
        {
            await Task.Delay(delay).ConfigureAwait(false);
            if (!TrimWhenIdle || gate.Accepted != accepted || gate.OpenConnections != 0)
            {
                return;
            }

            lock (_gate)
            {
                if (!ReferenceEquals(_front, gate))
                {
                    return;
                }
            }

            BrokerMemory.Release();
            Interlocked.Increment(ref _trims);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    // Only the inner listener's port was taken; the caller's own port is not involved.
    private sealed class InnerPortTakenException(SocketException cause) : Exception(cause.Message, cause)
    {
        public SocketException Cause { get; } = cause;
    }
}
