using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Accessory.Core.Ports;
using MQTTnet;
using MQTTnet.Protocol;

namespace Accessory.Simulator.Mqtt;

/// <summary>
/// <see cref="IMqttLink"/> over MQTTnet. It never reconnects by itself: the core's CloudLink owns the retry
/// policy, so every outcome is reported through events and the link stays down until told to connect again.
/// Payloads and credentials are never logged.
/// </summary>
public sealed class MqttNetLink : IMqttLink, IDisposable
{
    private const string Component = "mqtt";
    private readonly BrokerUri _broker;
    private readonly MqttTlsFiles? _tls;
    private readonly ILog? _log;
    private readonly object _gate = new();
    private volatile IMqttClient _client;

    // MQTTnet refuses overlapping connects; queueing them lets the newest request win cleanly.
    private readonly SemaphoreSlim _sessionGate = new(1, 1);
    private X509Certificate2Collection? _caCertificates;
    private DateTime _unreachableUntil;
    private int _generation;
    private bool _networkGone;

    // One number per established connection, and whether its loss has been reported yet: the first sign of a dead
    // connection (a publish failing on the wire, or MQTTnet's disconnect event) reports it, and only that one.
    private int _session;
    private bool _sessionUp;
    private bool _disposed;
    private long _firstConnectRequestedAt;
    private long _firstHandshakeBegunAt;

    private readonly BrokerCredentials? _credentials;
    private readonly ConnectWindow? _window;

    /// <param name="window">Shared by links of one process that connect to one broker together (a fleet), to keep
    /// their handshakes within what the broker's accept queue holds; null connects at once.</param>
    public MqttNetLink(BrokerUri broker, MqttTlsFiles? tls = null, ILog? log = null, BrokerCredentials? credentials = null, ConnectWindow? window = null)
    {
        _credentials = credentials;
        _window = window;
        ArgumentNullException.ThrowIfNull(broker);
        if (broker.UsesTls && tls is null)
        {
            throw new ArgumentException("An mqtts:// broker needs TLS files (at least the CA).", nameof(tls));
        }

        _broker = broker;
        _tls = tls;
        _log = log;
        _client = CreateClient();
    }

    public event MqttMessageReceived? MessageReceived;

    public event MqttConnectionChanged? ConnectionChanged;

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                if (!_sessionUp)
                {
                    return false;
                }
            }

            return _client.IsConnected;
        }
    }

    public BrokerUri Broker => _broker;

    /// <summary>Stopwatch timestamp of the first <see cref="Connect"/> call, 0 before it (for phase timings in benches).</summary>
    public long FirstConnectRequestedAt => Interlocked.Read(ref _firstConnectRequestedAt);

    /// <summary>Stopwatch timestamp at which the first handshake began on the wire, 0 before it.</summary>
    public long FirstHandshakeBegunAt => Interlocked.Read(ref _firstHandshakeBegunAt);

    public void Connect(MqttSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.CompareExchange(ref _firstConnectRequestedAt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        MqttClientOptions clientOptions;
        try
        {
            clientOptions = BuildOptions(options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            // Reported like any other failed connect so the core's policy sees one kind of outcome.
            Write(LogLevel.Error, "TLS files could not be loaded: " + e.GetType().Name);
            RaiseConnectionChanged(false, "tls files unusable: " + e.GetType().Name);
            return;
        }

        int generation;
        lock (_gate)
        {
            generation = ++_generation;
            _networkGone = false;
        }

        Write(LogLevel.Information, "connecting to " + _broker + " as " + options.ClientId);
        _ = ConnectAsync(clientOptions, generation);
    }

    public void Disconnect()
    {
        lock (_gate)
        {
            _generation++;
        }

        _ = DisconnectAsync();
    }

    /// <summary>
    /// The network under the link went away (the device lost its access point): nothing can be sent any more, so
    /// the connection is dropped without DISCONNECT and the broker publishes the Last Will once it notices, as it
    /// does for a board that lost its AP. Until the next <see cref="Connect"/>, <see cref="Disconnect"/> drops too.
    /// </summary>
    public void DropConnection()
    {
        lock (_gate)
        {
            _generation++;
            _networkGone = true;
        }

        _ = DisconnectAsync();
    }

    /// <summary>
    /// Fault hook (mqtt.broker-outage) for a broker the simulator does not run: the connection drops now and every
    /// connect fails for <paramref name="duration"/>, as if the broker were down.
    /// </summary>
    public void SimulateOutage(TimeSpan duration)
    {
        lock (_gate)
        {
            _unreachableUntil = DateTime.UtcNow + duration;
        }

        Write(LogLevel.Warning, "fault mqtt.broker-outage: " + _broker + " unreachable for " + duration.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s");
        _ = DisconnectAsync();
    }

    public void Publish(string topic, byte[] payload, int qos, bool retain, MqttPublishCompleted? completed)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(payload);
        int session;
        lock (_gate)
        {
            session = _sessionUp ? _session : -1;
        }

        if (session < 0)
        {
            // Known to be down: answered at once, without an MQTTnet call that can only throw. The cloud link does
            // not resend into a link that is not connected, so this cannot spin.
            completed?.Invoke(false);
            return;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(ToQos(qos))
            .WithRetainFlag(retain)
            .Build();
        _ = PublishAsync(message, session, completed);
    }

    public void Subscribe(string topicFilter, int qos)
    {
        ArgumentNullException.ThrowIfNull(topicFilter);
        _ = SubscribeAsync(topicFilter, ToQos(qos));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (_gate)
        {
            _generation++;
        }

        _client.ApplicationMessageReceivedAsync -= OnMessageAsync;
        _client.DisconnectedAsync -= OnDisconnectedAsync;
        _client.Dispose();

        // _sessionGate is left alone: in-flight operations still release it, and it holds no wait handle.
    }

    private static MqttQualityOfServiceLevel ToQos(int qos) => qos switch
    {
        0 => MqttQualityOfServiceLevel.AtMostOnce,
        1 => MqttQualityOfServiceLevel.AtLeastOnce,
        2 => MqttQualityOfServiceLevel.ExactlyOnce,
        _ => throw new ArgumentOutOfRangeException(nameof(qos), qos, "MQTT QoS is 0, 1 or 2."),
    };

    private MqttClientOptions BuildOptions(MqttSessionOptions options)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_broker.Host, _broker.Port)
            .WithClientId(options.ClientId)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
            .WithCleanSession(options.CleanSession)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311);
        if (_credentials is not null)
        {
            builder = builder.WithCredentials(_credentials.Username, _credentials.Password);
        }

        if (options.WillTopic.Length > 0)
        {
            builder = builder
                .WithWillTopic(options.WillTopic)
                .WithWillPayload(options.WillPayload)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithWillRetain(options.WillRetain);
        }

        if (_tls is not null && _broker.UsesTls)
        {
            builder = builder.WithTlsOptions(BuildTls(_tls));
        }

        return builder.Build();
    }

    private MqttClientTlsOptions BuildTls(MqttTlsFiles tls)
    {
        if (_caCertificates is null)
        {
            var cas = new X509Certificate2Collection();
            cas.ImportFromPemFile(tls.CaFile);
            _caCertificates = cas;
        }

        var tlsBuilder = new MqttClientTlsOptionsBuilder()
            .UseTls(true)
            .WithCertificateValidationHandler(args => Validate(args.Certificate, args.SslPolicyErrors));
        if (tls.ClientCertificateFile is not null && tls.ClientKeyFile is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(tls.ClientCertificateFile, tls.ClientKeyFile);

            // Ephemeral PEM keys are not usable by SslStream on every platform; a PKCS#12 round trip makes them so.
            var usable = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            tlsBuilder = tlsBuilder.WithClientCertificates(new[] { usable });
        }

        return tlsBuilder.Build();
    }

    // Trusts exactly the configured CA (not the system store), still requiring the host name to match.
    private bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(_caCertificates!);
        using var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var ok = chain.Build(leaf);
        if (!ok)
        {
            Write(LogLevel.Warning, "broker certificate not signed by the configured CA");
        }

        return ok;
    }

    private async Task ConnectAsync(MqttClientOptions options, int generation)
    {
        await _sessionGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!IsCurrent(generation))
            {
                return;
            }

            if (IsUnreachable())
            {
                Accessory.Simulator.Metrics.SimulatorMetrics.MqttConnects.WithLabels("failed").Inc();
                RaiseIfCurrent(generation, false, "connect failed: broker unreachable (fault mqtt.broker-outage)");
                return;
            }

            if (_client.IsConnected)
            {
                if (IsSessionUp())
                {
                    await _client.DisconnectAsync().ConfigureAwait(false);
                }
                else
                {
                    // Its loss was reported (a publish failed on the wire) before MQTTnet noticed: a DISCONNECT
                    // would only wait on a dead socket, so the client is replaced instead.
                    ReplaceClient();
                }
            }

            var client = _client;
            var result = _window is null
                ? await Handshake(client, options).ConfigureAwait(false)
                : await _window.RunAsync(() => Handshake(client, options)).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Accessory.Simulator.Metrics.SimulatorMetrics.MqttConnects.WithLabels("refused").Inc();
                RaiseIfCurrent(generation, false, "refused: " + result.ResultCode);
                return;
            }

            if (!IsCurrent(generation))
            {
                // Disconnect() was called while the handshake was in flight.
                await _client.DisconnectAsync().ConfigureAwait(false);
                return;
            }

            Accessory.Simulator.Metrics.SimulatorMetrics.MqttConnects.WithLabels("connected").Inc();
            Write(LogLevel.Information, "connected to " + _broker);
            lock (_gate)
            {
                _session++;
                _sessionUp = true;
            }

            RaiseConnectionChanged(true, "connected");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Accessory.Simulator.Metrics.SimulatorMetrics.MqttConnects.WithLabels("failed").Inc();
            RaiseIfCurrent(generation, false, "connect failed: " + Describe(e));
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    private Task<MqttClientConnectResult> Handshake(IMqttClient client, MqttClientOptions options)
    {
        Interlocked.CompareExchange(ref _firstHandshakeBegunAt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        return client.ConnectAsync(options, CancellationToken.None);
    }

    private async Task DisconnectAsync()
    {
        await _sessionGate.WaitAsync().ConfigureAwait(false);
        try
        {
            bool networkGone;
            lock (_gate)
            {
                networkGone = _networkGone;
            }

            if (networkGone)
            {
                Abandon();
            }
            else if (_client.IsConnected)
            {
                await _client.DisconnectAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Write(LogLevel.Warning, "disconnect failed: " + Describe(e));
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    // MQTTnet sends DISCONNECT only from DisconnectAsync; disposing the client closes the socket without it.
    private void Abandon()
    {
        bool wasConnected = TryEndSession(-1);
        ReplaceClient();
        if (wasConnected)
        {
            const string Reason = "connection lost: the network went away (no DISCONNECT sent)";
            Write(LogLevel.Information, Reason);
            RaiseConnectionChanged(false, Reason);
        }
    }

    private void ReplaceClient()
    {
        var old = _client;
        old.ApplicationMessageReceivedAsync -= OnMessageAsync;
        old.DisconnectedAsync -= OnDisconnectedAsync;
        _client = CreateClient();
        old.Dispose();
    }

    private IMqttClient CreateClient()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += OnDisconnectedAsync;
        return client;
    }

    private async Task PublishAsync(MqttApplicationMessage message, int session, MqttPublishCompleted? completed)
    {
        bool delivered;
        try
        {
            var result = await _client.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);
            delivered = result.IsSuccess;
            if (!delivered)
            {
                Write(LogLevel.Warning, "publish to " + message.Topic + " not accepted: " + result.ReasonCode);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Write(LogLevel.Warning, "publish to " + message.Topic + " failed: " + Describe(e));
            delivered = false;

            // Failed on the wire, not refused by the broker: the connection is dead, whether or not MQTTnet's receive
            // loop has noticed yet. Reported as lost now, before the answer, so the cloud link does not resend into
            // it; with 10,000 links in one process MQTTnet's own disconnect events can lag by tens of seconds behind
            // a broker restart, and resending until then flooded the thread pool (found by bench fleet).
            if (TryEndSession(session))
            {
                string reason = "connection lost: publish failed: " + Describe(e);
                Write(LogLevel.Information, reason);
                RaiseConnectionChanged(false, reason);
            }
        }

        completed?.Invoke(delivered);
    }

    private async Task SubscribeAsync(string topicFilter, MqttQualityOfServiceLevel qos)
    {
        try
        {
            var options = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topicFilter, qos).Build();
            await _client.SubscribeAsync(options, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Write(LogLevel.Warning, "subscribe to " + topicFilter + " failed: " + Describe(e));
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var payload = System.Buffers.BuffersExtensions.ToArray(args.ApplicationMessage.Payload);
        MessageReceived?.Invoke(args.ApplicationMessage.Topic, payload);
        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        // A failed connect also lands here; that outcome is reported once, by ConnectAsync. A loss already reported
        // (a publish failed on the wire first) is not reported twice.
        if (args.ClientWasConnected && TryEndSession(-1))
        {
            var reason = args.Exception is null ? "disconnected: " + args.Reason : "connection lost: " + Describe(args.Exception);
            Write(LogLevel.Information, reason);
            RaiseConnectionChanged(false, reason);
        }

        return Task.CompletedTask;
    }

    // Ends the current session (or only session <paramref name="session"/>, when not -1); true when this call ended it.
    private bool TryEndSession(int session)
    {
        lock (_gate)
        {
            if (!_sessionUp || (session >= 0 && session != _session))
            {
                return false;
            }

            _sessionUp = false;
            return true;
        }
    }

    private bool IsSessionUp()
    {
        lock (_gate)
        {
            return _sessionUp;
        }
    }

    private bool IsUnreachable()
    {
        lock (_gate)
        {
            return DateTime.UtcNow < _unreachableUntil;
        }
    }

    private bool IsCurrent(int generation)
    {
        lock (_gate)
        {
            return generation == _generation;
        }
    }

    private void RaiseIfCurrent(int generation, bool connected, string reason)
    {
        if (IsCurrent(generation))
        {
            Write(LogLevel.Warning, reason);
            RaiseConnectionChanged(connected, reason);
        }
    }

    private void RaiseConnectionChanged(bool connected, string reason) => ConnectionChanged?.Invoke(connected, reason);

    // Exception messages from the TLS and socket layers do not carry secrets; the type keeps it short anyway.
    // MQTTnet wraps the socket's error in its own exceptions; the socket error (refused, reset, timed out) is what
    // says where a connect was lost, so it is named beside the outer message.
    private static string Describe(Exception e)
    {
        string text = e.GetType().Name + ": " + e.Message;
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException socket)
            {
                return ReferenceEquals(inner, e) ? text : text + " (socket: " + socket.SocketErrorCode + ")";
            }
        }

        return text;
    }

    private void Write(LogLevel level, string message)
    {
        if (_log is not null && _log.IsEnabled(level))
        {
            _log.Write(level, Component, message);
        }
    }
}
