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
    private const int WireFailureGraceMilliseconds = 500;
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
    private bool _disposed;

    private readonly BrokerCredentials? _credentials;

    public MqttNetLink(BrokerUri broker, MqttTlsFiles? tls = null, ILog? log = null, BrokerCredentials? credentials = null)
    {
        _credentials = credentials;
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

    public bool IsConnected => _client.IsConnected;

    public BrokerUri Broker => _broker;

    public void Connect(MqttSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_disposed, this);
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
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(ToQos(qos))
            .WithRetainFlag(retain)
            .Build();
        _ = PublishAsync(message, completed);
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
                await _client.DisconnectAsync().ConfigureAwait(false);
            }

            var result = await _client.ConnectAsync(options, CancellationToken.None).ConfigureAwait(false);
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
        var old = _client;
        bool wasConnected = old.IsConnected;
        old.ApplicationMessageReceivedAsync -= OnMessageAsync;
        old.DisconnectedAsync -= OnDisconnectedAsync;
        _client = CreateClient();
        old.Dispose();
        if (wasConnected)
        {
            const string Reason = "connection lost: the network went away (no DISCONNECT sent)";
            Write(LogLevel.Information, Reason);
            RaiseConnectionChanged(false, Reason);
        }
    }

    private IMqttClient CreateClient()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += OnDisconnectedAsync;
        return client;
    }

    private async Task PublishAsync(MqttApplicationMessage message, MqttPublishCompleted? completed)
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

            // Failed on the wire, not refused by the broker: the connection is going down and MQTTnet says so a
            // moment later. Answering at once makes the cloud link resend into the dying connection in a tight loop,
            // which with thousands of links in one process starves everything else (found by bench fleet).
            await Task.Delay(WireFailureGraceMilliseconds).ConfigureAwait(false);
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
        // A failed connect also lands here; that outcome is reported once, by ConnectAsync.
        if (args.ClientWasConnected)
        {
            var reason = args.Exception is null ? "disconnected: " + args.Reason : "connection lost: " + Describe(args.Exception);
            Write(LogLevel.Information, reason);
            RaiseConnectionChanged(false, reason);
        }

        return Task.CompletedTask;
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
    private static string Describe(Exception e) => e.GetType().Name + ": " + e.Message;

    private void Write(LogLevel level, string message)
    {
        if (_log is not null && _log.IsEnabled(level))
        {
            _log.Write(level, Component, message);
        }
    }
}
