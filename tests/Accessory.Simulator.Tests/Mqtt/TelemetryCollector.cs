using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MQTTnet;
using MQTTnet.Protocol;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// The cloud's side of a telemetry stream: a plain MQTTnet client (not the device's link) subscribed at QoS 1 that
/// records every "seq" it receives, duplicates included. Reconnect after a broker restart is explicit, so the test
/// knows the subscription exists again before it lets the device back in.
/// </summary>
internal sealed partial class TelemetryCollector : IAsyncDisposable
{
    private readonly int _port;
    private readonly string _topic;
    private readonly ConcurrentQueue<long> _received = new();
    private IMqttClient? _client;

    public TelemetryCollector(int port, string topic)
    {
        _port = port;
        _topic = topic;
    }

    public IReadOnlyCollection<long> Received => _received.ToArray();

    public SortedSet<long> Distinct => new(_received);

    public async Task ConnectAsync()
    {
        if (_client is not null)
        {
            _client.Dispose();
        }

        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            var json = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
            var match = SeqPattern().Match(json);
            Assert.True(match.Success, "telemetry without seq: " + json);
            _received.Enqueue(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _port)
            .WithClientId("acc-cloud-" + Guid.NewGuid().ToString("N")[..8])
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(options, timeout.Token);
        var subscribe = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_topic, MqttQualityOfServiceLevel.AtLeastOnce).Build();
        await client.SubscribeAsync(subscribe, timeout.Token);
        _client = client;
    }

    /// <summary>Waits (bounded) until every expected seq has arrived; returns false on timeout.</summary>
    public async Task<bool> WaitForAsync(IEnumerable<long> expected, TimeSpan timeout)
    {
        var wanted = expected.ToHashSet();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (wanted.IsSubsetOf(_received))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync();
            }

            _client.Dispose();
        }
    }

    [GeneratedRegex("\"seq\":([0-9]+)")]
    private static partial Regex SeqPattern();
}
