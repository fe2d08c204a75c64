using System.Net;
using MQTTnet.Server;

namespace Accessory.Simulator.Mqtt;

/// <summary>
/// An in-process MQTT broker so <c>accessory-sim run</c> works with nothing installed. It listens on exactly one
/// address (loopback unless told otherwise; MQTTnet's default would add the IPv6 wildcard [::] beside it); can be stopped and started again on the same port, which is how outage tests cut the cloud.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly IPAddress _address;
    private readonly object _gate = new();
    private MqttServer? _server;

    private readonly BrokerCredentials? _credentials;

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

    private async Task RefuseIfPortIsServedAsync()
    {
        using var probe = new System.Net.Sockets.TcpClient();
        var target = _address.Equals(IPAddress.Any) ? IPAddress.Loopback : _address;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await probe.ConnectAsync(target, Port, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return;
        }

        throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.AddressAlreadyInUse);
    }

    /// <summary>The URI a client uses to reach this broker.</summary>
    public BrokerUri Uri => BrokerUri.Parse("mqtt://" + (_address.Equals(IPAddress.Any) ? IPAddress.Loopback : _address) + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task StartAsync()
    {
        // ReuseAddress (below) lets .NET bind next to a live listener on Linux (it sets SO_REUSEPORT too), which
        // would split clients between two brokers: refuse when something already accepts on the port.
        await RefuseIfPortIsServedAsync().ConfigureAwait(false);
        MqttServer server;
        lock (_gate)
        {
            if (_server is not null)
            {
                return;
            }

            var options = new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(_address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? _address : IPAddress.None)
                .WithDefaultEndpointBoundIPV6Address(_address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? _address : IPAddress.None)
                .WithDefaultEndpointPort(Port)
                .Build();

            // Restarting on the same port right after a stop must not wait out TIME_WAIT.
            options.DefaultEndpointOptions.ReuseAddress = true;
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

            _server = server;
        }

        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                _server = null;
            }

            server.Dispose();
            throw;
        }
    }

    public async Task StopAsync()
    {
        MqttServer? server;
        lock (_gate)
        {
            server = _server;
            _server = null;
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

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
