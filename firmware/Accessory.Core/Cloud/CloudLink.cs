using System;
using Accessory.Core.Cloud.Json;
using Accessory.Core.Commands;
using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Core.Text;

namespace Accessory.Core.Cloud;

/// <summary>
/// The device's link to the cloud over MQTT: connected only while the lifecycle is Online, reconnecting with
/// backoff after broker loss, announcing availability (Last Will "offline"), publishing the lamp's retained state,
/// queueing telemetry so an outage loses nothing within the queue bound, and executing commands with a result each.
/// </summary>
public sealed class CloudLink
{
    private const string Component = "cloud";

    private readonly object _gate = new object();
    private readonly IMqttLink _link;
    private readonly IClock _clock;
    private readonly ILog _log;
    private readonly DeviceLifecycle _lifecycle;
    private readonly CloudLinkSettings _settings;
    private readonly ReconnectPolicy _policy;
    private readonly OutboundQueue _queue;
    private bool _started;
    private bool _wanted;
    private bool _connected;
    private bool _hadConnection;
    private bool _pumping;
    private bool _pumpAgain;
    private IScheduledWork? _retry;
    private IScheduledWork? _telemetryTimer;
    private long _published;
    private long _reconnects;
    private long _telemetrySequence;

    public CloudLink(string deviceId, IMqttLink link, IClock clock, IRandom random, ILog log, DeviceLifecycle lifecycle, DeviceCommands commands, CloudLinkSettings settings)
    {
        if (deviceId == null || link == null || clock == null || random == null || log == null || lifecycle == null || commands == null || settings == null)
        {
            throw new ArgumentNullException(nameof(deviceId), "every CloudLink dependency is required");
        }

        // A factory reset is confirmed with the id the commands know; a different topic id would make it unconfirmable.
        if (commands.DeviceId != deviceId)
        {
            throw new ArgumentException("the commands belong to device " + commands.DeviceId + ", not " + deviceId, nameof(commands));
        }

        Topics = new CloudTopics(deviceId);
        _link = link;
        _clock = clock;
        _log = log;
        _lifecycle = lifecycle;
        Commands = commands;
        _settings = settings;
        _policy = new ReconnectPolicy(random, settings.ReconnectBaseMilliseconds, settings.ReconnectCapMilliseconds);
        _queue = new OutboundQueue(settings.QueueCapacity);
    }

    public CloudTopics Topics { get; }

    /// <summary>Executes the commands that arrive on cmd/&lt;name&gt; and raises their actions.</summary>
    public DeviceCommands Commands { get; }

    public LampState Lamp => Commands.Lamp;

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _connected;
            }
        }
    }

    /// <summary>Publishes handed to the link (availability, state, queued messages, resends included).</summary>
    public long Published
    {
        get
        {
            lock (_gate)
            {
                return _published;
            }
        }
    }

    /// <summary>Queued messages dropped because the queue was full.</summary>
    public long Dropped => _queue.Dropped;

    /// <summary>QoS 1 queued messages the broker acknowledged.</summary>
    public long Acknowledged => _queue.Acknowledged;

    /// <summary>Connection attempts made after the broker was lost or refused us.</summary>
    public long Reconnects
    {
        get
        {
            lock (_gate)
            {
                return _reconnects;
            }
        }
    }

    /// <summary>Messages waiting for the link or for the broker's acknowledgement.</summary>
    public int Queued => _queue.Count;

    public void Start()
    {
        lock (_gate)
        {
            if (_started)
            {
                return;
            }

            _started = true;
        }

        _lifecycle.StateChanged += OnLifecycleChanged;
        _link.ConnectionChanged += OnConnectionChanged;
        _link.MessageReceived += OnMessageReceived;
        Lamp.Changed += OnLampChanged;
        if (_settings.TelemetryIntervalMilliseconds > 0)
        {
            ScheduleTelemetry();
        }

        if (_lifecycle.State == DeviceState.Online)
        {
            BeginConnecting();
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            _started = false;
            _telemetryTimer?.Cancel();
            _telemetryTimer = null;
        }

        _lifecycle.StateChanged -= OnLifecycleChanged;
        Lamp.Changed -= OnLampChanged;
        StopConnecting();
        _link.ConnectionChanged -= OnConnectionChanged;
        _link.MessageReceived -= OnMessageReceived;
    }

    /// <summary>
    /// Queues one telemetry sample (QoS 1); it goes out now if connected, else after the next connect. QoS 1 is
    /// at-least-once, so each sample carries "seq" (1, 2, ... per boot) for subscribers to count and drop duplicates.
    /// </summary>
    public void PublishTelemetry()
    {
        long seq;
        lock (_gate)
        {
            seq = ++_telemetrySequence;
        }

        var json = new JsonWriter()
            .WriteNumber("seq", seq)
            .WriteNumber("uptime_ms", _clock.UptimeMilliseconds)
            .WriteBoolean("on", Lamp.On)
            .WriteNumber("brightness", Lamp.Brightness)
            .ToBytes();
        _queue.Enqueue(new OutboundMessage(Topics.Telemetry, json, 1, false));
        Pump();
    }

    private void OnLifecycleChanged(DeviceState from, DeviceState to, DeviceTrigger trigger)
    {
        if (to == DeviceState.Online && from != DeviceState.Online)
        {
            BeginConnecting();
        }
        else if (from == DeviceState.Online && to != DeviceState.Online)
        {
            StopConnecting();
        }
    }

    private void BeginConnecting()
    {
        lock (_gate)
        {
            if (_wanted)
            {
                return;
            }

            _wanted = true;
            _policy.Reset();
        }

        _log.Write(LogLevel.Information, Component, "connecting to the broker");
        Connect();
    }

    private void StopConnecting()
    {
        bool wasConnected;
        lock (_gate)
        {
            if (!_wanted)
            {
                return;
            }

            _wanted = false;
            _retry?.Cancel();
            _retry = null;
            wasConnected = _connected;
        }

        _log.Write(LogLevel.Information, Component, "device left online; disconnecting from the broker");
        if (wasConnected || _link.IsConnected)
        {
            _link.Disconnect();
        }
    }

    private void Connect()
    {
        var options = new MqttSessionOptions(
            "accessory-" + Topics.DeviceId,
            _settings.KeepAliveSeconds,
            true,
            Topics.Availability,
            Utf8.Encode(CloudTopics.OfflinePayload),
            true);
        _link.Connect(options);
    }

    private void OnConnectionChanged(bool connected, string reason)
    {
        if (connected)
        {
            OnConnected();
        }
        else
        {
            OnDisconnected(reason);
        }
    }

    private void OnConnected()
    {
        bool unwanted;
        lock (_gate)
        {
            unwanted = !_wanted;
            if (!unwanted)
            {
                _connected = true;
                _hadConnection = true;
                _policy.Reset();
            }
        }

        if (unwanted)
        {
            // The connect finished after the device left Online: hang up rather than serve a stale session.
            _log.Write(LogLevel.Information, Component, "connected after leaving online; disconnecting");
            _link.Disconnect();
            return;
        }

        _log.Write(LogLevel.Information, Component, "connected to the broker");
        _link.Subscribe(Topics.CommandFilter, 1);
        SendDirect(Topics.Availability, Utf8.Encode(CloudTopics.OnlinePayload), true);
        SendDirect(Topics.State, Lamp.ToJson(), true);
        Pump();
    }

    private void OnDisconnected(string reason)
    {
        int delay;
        lock (_gate)
        {
            _connected = false;
            if (!_wanted)
            {
                _queue.ReturnInFlight();
                return;
            }

            delay = _policy.NextDelayMilliseconds();
            _retry?.Cancel();
            _retry = _clock.Schedule(delay, OnRetryDue);
        }

        _queue.ReturnInFlight();
        _log.Write(LogLevel.Warning, Component, (_hadConnection ? "broker lost (" : "broker refused (") + reason + "); retry in " + delay + " ms");
    }

    private void OnRetryDue()
    {
        lock (_gate)
        {
            _retry = null;
            if (!_wanted || _connected)
            {
                return;
            }

            _reconnects++;
        }

        Connect();
    }

    private void OnLampChanged(LampState lamp)
    {
        if (IsConnected)
        {
            SendDirect(Topics.State, lamp.ToJson(), true);
        }
    }

    private void ScheduleTelemetry()
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            _telemetryTimer = _clock.Schedule(_settings.TelemetryIntervalMilliseconds, OnTelemetryDue);
        }
    }

    private void OnTelemetryDue()
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }
        }

        PublishTelemetry();
        ScheduleTelemetry();
    }

    // Availability and state are latest-value documents, retained by the broker: a stale copy is never worth queueing,
    // and a fresh one is sent on every connect anyway.
    private void SendDirect(string topic, byte[] payload, bool retain)
    {
        lock (_gate)
        {
            _published++;
        }

        _link.Publish(topic, payload, 1, retain, null);
    }

    // One pump at a time keeps the queue's order on the wire: a send requested while a batch is going out (a
    // synchronous nack, a command result from another thread) is folded into another round of the running pump.
    private void Pump()
    {
        lock (_gate)
        {
            if (!_connected)
            {
                return;
            }

            if (_pumping)
            {
                _pumpAgain = true;
                return;
            }

            _pumping = true;
            _pumpAgain = false;
        }

        bool finished = false;
        try
        {
            // Bounded: a link that refuses every publish on the spot must not spin here; the rest waits for the next pump.
            for (int round = 0; round <= _queue.Capacity; round++)
            {
                PublishBatch(_queue.TakeUnsent());
                lock (_gate)
                {
                    if (!_pumpAgain || !_connected)
                    {
                        _pumping = false;
                        finished = true;
                        return;
                    }

                    _pumpAgain = false;
                }
            }
        }
        finally
        {
            if (!finished)
            {
                lock (_gate)
                {
                    _pumping = false;
                }
            }
        }
    }

    private void PublishBatch(OutboundMessage[] batch)
    {
        for (int i = 0; i < batch.Length; i++)
        {
            var message = batch[i];
            int attempt = message.Attempt;
            lock (_gate)
            {
                _published++;
            }

            MqttPublishCompleted? completed = null;
            if (message.Qos > 0)
            {
                completed = new AckTarget(this, message, attempt).Completed;
            }

            _link.Publish(message.Topic, message.Payload, message.Qos, message.Retain, completed);
        }
    }

    private void OnPublishCompleted(OutboundMessage message, int attempt, bool delivered)
    {
        _queue.Complete(message, attempt, delivered);
        if (!delivered && _link.IsConnected)
        {
            // A refused publish while the link stays up is retried at once, still behind nothing older. A publish
            // that failed because the connection died waits for the reconnect, which sends the whole queue: resending
            // into a dead connection until its loss is reported is a busy loop, and with thousands of devices in one
            // process it kept the loss reports themselves from running.
            Pump();
        }
    }

    private void OnMessageReceived(string topic, byte[] payload)
    {
        var name = Topics.CommandName(topic);
        if (name == null)
        {
            return;
        }

        var outcome = Commands.Execute(name, payload);
        _queue.Enqueue(new OutboundMessage(Topics.CommandResult(name), outcome.ToJson(), 1, false));
        _log.Write(LogLevel.Information, Component, "command " + name + (outcome.Ok ? " ok" : " failed: " + outcome.Error));
        Pump();
        Commands.Complete(outcome);
    }

    // A named callback target instead of a lambda keeps the capture explicit for the nanoFramework compile.
    private sealed class AckTarget
    {
        private readonly CloudLink _owner;
        private readonly OutboundMessage _message;
        private readonly int _attempt;

        public AckTarget(CloudLink owner, OutboundMessage message, int attempt)
        {
            _owner = owner;
            _message = message;
            _attempt = attempt;
        }

        public void Completed(bool delivered)
        {
            _owner.OnPublishCompleted(_message, _attempt, delivered);
        }
    }
}
