using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Accessory.Core.Ports;
using Accessory.Core.Text;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// IMqttLink over nanoFramework.M2Mqtt (MQTT 3.1.1, TLS 1.2 through the native SslStream when a CA is given).
    /// The core's CloudLink decides everything (Last Will = retained "offline" availability, retained state, QoS 1
    /// commands and telemetry, reconnect backoff); this class only moves its requests onto the client library.
    /// Connect blocks in M2Mqtt, so it runs on a worker thread and reports through ConnectionChanged.
    /// </summary>
    public sealed class M2MqttLink : IMqttLink
    {
        private readonly string _host;
        private readonly int _port;
        private readonly X509Certificate? _caCertificate;
        private readonly ILog _log;
        private readonly object _gate = new object();
        private readonly ArrayList _pending = new ArrayList();
        private MqttClient? _client;

        public M2MqttLink(string host, int port, X509Certificate? caCertificate, ILog log)
        {
            if (host == null || host.Length == 0)
            {
                throw new ArgumentException("the broker host must be named");
            }

            if (port <= 0 || port > 65535)
            {
                throw new ArgumentException("the broker port must be 1..65535, not " + port);
            }

            _host = host;
            _port = port;
            _caCertificate = caCertificate;
            _log = log;
        }

        public event MqttMessageReceived? MessageReceived;

        public event MqttConnectionChanged? ConnectionChanged;

        public bool IsConnected
        {
            get
            {
                var client = _client;
                return client != null && client.IsConnected;
            }
        }

        public void Connect(MqttSessionOptions options)
        {
            var worker = new Thread(() => ConnectNow(options));
            worker.Start();
        }

        public void Disconnect()
        {
            MqttClient? client;
            lock (_gate)
            {
                client = _client;
                _client = null;
            }

            if (client == null)
            {
                return;
            }

            try
            {
                if (client.IsConnected)
                {
                    client.Disconnect();
                }
            }
            finally
            {
                client.Dispose();
            }

            FailPending();
            ConnectionChanged?.Invoke(false, "disconnected by the device");
        }

        public void Publish(string topic, byte[] payload, int qos, bool retain, MqttPublishCompleted? completed)
        {
            var client = _client;
            if (client == null || !client.IsConnected)
            {
                completed?.Invoke(false);
                return;
            }

            ushort id;
            lock (_gate)
            {
                id = client.Publish(topic, payload, null, null, QosLevel(qos), retain);
                if (qos > 0 && completed != null)
                {
                    _pending.Add(new PendingPublish(id, completed));
                    return;
                }
            }

            completed?.Invoke(true);
        }

        public void Subscribe(string topicFilter, int qos)
        {
            var client = _client;
            if (client != null)
            {
                client.Subscribe(new string[] { topicFilter }, new MqttQoSLevel[] { QosLevel(qos) });
            }
        }

        private static MqttQoSLevel QosLevel(int qos)
        {
            if (qos <= 0)
            {
                return MqttQoSLevel.AtMostOnce;
            }

            return qos == 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.ExactlyOnce;
        }

        private void ConnectNow(MqttSessionOptions options)
        {
            MqttClient client;
            try
            {
                bool secure = _caCertificate != null;
                client = new MqttClient(_host, _port, secure, _caCertificate, null, secure ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                client.MqttMsgPublishReceived += OnMessage;
                client.MqttMsgPublished += OnPublished;
                client.ConnectionClosed += OnClosed;
                var code = client.Connect(
                    options.ClientId,
                    null,
                    null,
                    options.WillRetain,
                    MqttQoSLevel.AtLeastOnce,
                    true,
                    options.WillTopic,
                    Utf8.Decode(options.WillPayload),
                    options.CleanSession,
                    (ushort)options.KeepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    client.Dispose();
                    ConnectionChanged?.Invoke(false, "broker refused: " + code.ToString());
                    return;
                }
            }
            catch (Exception e)
            {
                _log.Write(LogLevel.Warning, "mqtt", "connect to " + _host + ":" + _port + " failed: " + e.Message);
                ConnectionChanged?.Invoke(false, e.Message);
                return;
            }

            lock (_gate)
            {
                _client = client;
            }

            ConnectionChanged?.Invoke(true, "connected");
        }

        private void OnMessage(object sender, MqttMsgPublishEventArgs e)
        {
            MessageReceived?.Invoke(e.Topic, e.Message);
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            MqttPublishCompleted? done = null;
            lock (_gate)
            {
                for (int i = 0; i < _pending.Count; i++)
                {
                    var pending = (PendingPublish)_pending[i]!;
                    if (pending.MessageId == e.MessageId)
                    {
                        done = pending.Completed;
                        _pending.RemoveAt(i);
                        break;
                    }
                }
            }

            done?.Invoke(e.IsPublished);
        }

        private void OnClosed(object sender, EventArgs e)
        {
            bool ours;
            lock (_gate)
            {
                ours = ReferenceEquals(_client, sender);
                if (ours)
                {
                    _client = null;
                }
            }

            if (ours)
            {
                FailPending();
                ConnectionChanged?.Invoke(false, "connection closed");
            }
        }

        private void FailPending()
        {
            object[] pending;
            lock (_gate)
            {
                pending = _pending.ToArray()!;
                _pending.Clear();
            }

            foreach (PendingPublish publish in pending)
            {
                publish.Completed(false);
            }
        }

        private sealed class PendingPublish
        {
            public PendingPublish(ushort messageId, MqttPublishCompleted completed)
            {
                MessageId = messageId;
                Completed = completed;
            }

            public ushort MessageId { get; }

            public MqttPublishCompleted Completed { get; }
        }
    }
}
