using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;
using Accessory.Board.Emulation;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    /// <summary>
    /// nanoFramework.M2Mqtt's blocking client (MQTT 3.1.1 here) over a real TCP connection through MQTTnet: Connect
    /// blocks until CONNACK, Publish returns a message id at once and MqttMsgPublished follows when the broker
    /// acknowledged (QoS 1/2) or the packet left (QoS 0), ConnectionClosed fires when the link drops.
    /// </summary>
    public class MqttClient : IMqttClient, IDisposable
    {
        private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
        private readonly string _host;
        private readonly int _port;
        private readonly bool _secure;
        private readonly X509Certificate? _caCert;
        private readonly MQTTnet.IMqttClient _client;
        private int _nextId;
        private bool _closedByUs;

        public MqttClient(string brokerHostName)
            : this(brokerHostName, 1883, false, null, null, MqttSslProtocols.None)
        {
        }

        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate? caCert, X509Certificate? clientCert, MqttSslProtocols sslProtocol)
        {
            ArgumentException.ThrowIfNullOrEmpty(brokerHostName);
            if (clientCert != null)
            {
                throw new NotSupportedException("client certificates are not emulated");
            }

            _host = brokerHostName;
            _port = brokerPort;
            _secure = secure;
            _caCert = caCert;
            _client = new MqttClientFactory().CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += e =>
            {
                var message = e.ApplicationMessage;
                MqttMsgPublishReceived?.Invoke(this, new MqttMsgPublishEventArgs(message.Topic, System.Buffers.BuffersExtensions.ToArray(message.Payload), message.Dup, (MqttQoSLevel)(int)message.QualityOfServiceLevel, message.Retain));
                return Task.CompletedTask;
            };
            _client.DisconnectedAsync += e =>
            {
                if (e.ClientWasConnected && !_closedByUs)
                {
                    ConnectionClosed?.Invoke(this, EventArgs.Empty);
                }

                return Task.CompletedTask;
            };
        }

        public event IMqttClient.MqttMsgPublishEventHandler? MqttMsgPublishReceived;

        public event IMqttClient.MqttMsgPublishedEventHandler? MqttMsgPublished;

        public event IMqttClient.ConnectionClosedEventHandler? ConnectionClosed;

        public bool IsConnected => _client.IsConnected;

        public string? ClientId { get; private set; }

        public MqttReasonCode Connect(string clientId, string? username, string? password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string? willTopic, string? willMessage, bool cleanSession, ushort keepAlivePeriod)
        {
            ArgumentException.ThrowIfNullOrEmpty(clientId);
            var builder = new MqttClientOptionsBuilder()
                .WithTcpServer(_host, _port)
                .WithClientId(clientId)
                .WithCleanSession(cleanSession)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(keepAlivePeriod))
                .WithTimeout(ConnectTimeout)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311);
            if (username != null)
            {
                builder = builder.WithCredentials(username, password);
            }

            if (willFlag && willTopic != null)
            {
                builder = builder
                    .WithWillTopic(willTopic)
                    .WithWillPayload(System.Text.Encoding.UTF8.GetBytes(willMessage ?? string.Empty))
                    .WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)(int)willQosLevel)
                    .WithWillRetain(willRetain);
            }

            if (_secure)
            {
                builder = builder.WithTlsOptions(new MqttClientTlsOptionsBuilder()
                    .UseTls(true)
                    .WithCertificateValidationHandler(args => MqttTls.Trusts(_caCert, args.Certificate, args.SslPolicyErrors))
                    .Build());
            }

            MqttClientConnectResult result;
            try
            {
                result = _client.ConnectAsync(builder.Build(), CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (MQTTnet.Adapter.MqttConnectingFailedException refused)
            {
                // MQTTnet throws on a refusing CONNACK; M2Mqtt returns the broker's code.
                return RefusalCode(refused.Message);
            }

            ClientId = clientId;
            _closedByUs = false;
            return result.ResultCode == MqttClientConnectResultCode.Success ? MqttReasonCode.Success : (MqttReasonCode)(int)result.ResultCode;
        }

        public ushort Publish(string topic, byte[] message)
        {
            return Publish(topic, message, null, null, MqttQoSLevel.AtMostOnce, false);
        }

        public ushort Publish(string topic, byte[] message, string? contentType, ArrayList? userProperties, MqttQoSLevel qosLevel, bool retain)
        {
            ArgumentException.ThrowIfNullOrEmpty(topic);
            ushort id = NextId();
            var application = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(message ?? new byte[0])
                .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)(int)qosLevel)
                .WithRetainFlag(retain)
                .Build();
            _ = Task.Run(async () =>
            {
                bool published;
                try
                {
                    var result = await _client.PublishAsync(application, CancellationToken.None).ConfigureAwait(false);
                    published = result.IsSuccess;
                }
                catch (Exception)
                {
                    published = false;
                }

                MqttMsgPublished?.Invoke(this, new MqttMsgPublishedEventArgs(id, published));
            });
            return id;
        }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels)
        {
            ArgumentNullException.ThrowIfNull(topics);
            ArgumentNullException.ThrowIfNull(qosLevels);
            if (topics.Length != qosLevels.Length)
            {
                throw new ArgumentException("one QoS level per topic");
            }

            var builder = new MqttClientSubscribeOptionsBuilder();
            for (int i = 0; i < topics.Length; i++)
            {
                builder = builder.WithTopicFilter(topics[i], (MqttQualityOfServiceLevel)(int)qosLevels[i]);
            }

            _client.SubscribeAsync(builder.Build(), CancellationToken.None).GetAwaiter().GetResult();
            return NextId();
        }

        public void Disconnect()
        {
            _closedByUs = true;
            if (_client.IsConnected)
            {
                _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).GetAwaiter().GetResult();
            }
        }

        public void Close()
        {
            Disconnect();
        }

        public void Dispose()
        {
            _closedByUs = true;
            _client.Dispose();
        }

        private static MqttReasonCode RefusalCode(string message)
        {
            if (message.Contains("BadUserNameOrPassword", StringComparison.OrdinalIgnoreCase))
            {
                return MqttReasonCode.ConnectionRefusedBadUserNameOrPassword;
            }

            if (message.Contains("NotAuthorized", StringComparison.OrdinalIgnoreCase))
            {
                return MqttReasonCode.ConnectionRefusedNotAuthorized;
            }

            if (message.Contains("IdentifierRejected", StringComparison.OrdinalIgnoreCase) || message.Contains("ClientIdentifierNotValid", StringComparison.OrdinalIgnoreCase))
            {
                return MqttReasonCode.ConnectionRefusedIdentifierRejected;
            }

            return MqttReasonCode.ConnectionRefusedServerUnavailable;
        }

        private ushort NextId()
        {
            int id = Interlocked.Increment(ref _nextId) & 0xffff;
            return id == 0 ? NextId() : (ushort)id;
        }
    }
}
