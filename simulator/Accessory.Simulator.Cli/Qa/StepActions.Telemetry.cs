using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// The telemetry step: a cloud subscriber at QoS 1 that stays for the rest of the case (reconnecting if the broker
/// goes away) and counts the device's samples by their "seq" (1, 2, ... per boot; QoS 1 may repeat one, so
/// duplicates are counted apart). A check waits until the samples seen since the watch began are enough and the
/// missing seq numbers between the first and the last are within the bound.
/// </summary>
internal sealed partial class StepActions
{
    private readonly SortedSet<long> _seqs = [];
    private int _duplicates;
    private IMqttClient? _watcher;
    private CancellationTokenSource? _watching;

    private async Task TelemetryAsync(StepSpec step, CancellationToken cancel)
    {
        if (step.Watch)
        {
            if (_watching == null)
            {
                _watching = new CancellationTokenSource();
                await ConnectWatcherAsync(cancel).ConfigureAwait(false);
                _ = KeepWatchingAsync(_watching.Token);
            }

            return;
        }

        if (_watching == null)
        {
            throw new StepFailedException("no telemetry is being watched", "a 'telemetry: {watch: true}' step before this one", "none");
        }

        string Figures()
        {
            lock (_seqs)
            {
                if (_seqs.Count == 0)
                {
                    return "no sample";
                }

                var missing = Missing();
                return $"{_seqs.Count} distinct samples seq {_seqs.Min}..{_seqs.Max}, {_duplicates} duplicate(s), missing {missing.Count}"
                    + (missing.Count == 0 ? string.Empty : ": " + string.Join(",", missing.Take(40)) + (missing.Count > 40 ? ",..." : string.Empty));
            }
        }

        bool Holds()
        {
            lock (_seqs)
            {
                return _seqs.Count >= step.Count && Missing().Count <= step.MaxMissing;
            }
        }

        try
        {
            while (!Holds())
            {
                await Task.Delay(50, cancel).ConfigureAwait(false);
            }

            Wire("telemetry: " + Figures());
        }
        catch (OperationCanceledException)
        {
            throw new StepFailedException("the telemetry seen is not as expected", $"at least {step.Count} distinct samples, at most {step.MaxMissing} seq missing", Figures());
        }
    }

    // Gaps between the first and the last seq seen (callers hold the lock).
    private List<long> Missing()
    {
        var missing = new List<long>();
        if (_seqs.Count > 0)
        {
            for (long s = _seqs.Min; s <= _seqs.Max; s++)
            {
                if (!_seqs.Contains(s))
                {
                    missing.Add(s);
                }
            }
        }

        return missing;
    }

    private async Task ConnectWatcherAsync(CancellationToken cancel)
    {
        string topic = $"accessory/{Sim.Identity.DeviceId}/telemetry";
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            string payload = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
            long? seq = null;
            try
            {
                using var json = JsonDocument.Parse(payload);
                seq = json.RootElement.TryGetProperty("seq", out var s) && s.TryGetInt64(out long n) ? n : null;
            }
            catch (JsonException)
            {
            }

            Wire($"mqtt < {e.ApplicationMessage.Topic} {(e.ApplicationMessage.Dup ? "(dup) " : "")}{payload}");
            if (seq is long value)
            {
                lock (_seqs)
                {
                    if (!_seqs.Add(value))
                    {
                        _duplicates++;
                    }
                }
            }

            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", target.BrokerPort ?? 0)
            .WithClientId("qa-telemetry-" + Guid.NewGuid().ToString("N")[..8])
            .WithCredentials(target.Simulated?.BrokerLogin?.Username, target.Simulated?.BrokerLogin?.Password)
            .Build();
        await client.ConnectAsync(options, cancel).ConfigureAwait(false);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancel).ConfigureAwait(false);
        Wire($"mqtt: watching {topic} at QoS 1");
        var old = _watcher;
        _watcher = client;
        old?.Dispose();
    }

    // Back at once after a broker restart: samples the device resends are only seen by a subscriber already there.
    private async Task KeepWatchingAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(20, stop).ConfigureAwait(false);
                if (_watcher is { IsConnected: false })
                {
                    Wire("mqtt: telemetry watcher lost the broker; reconnecting");
                    await ConnectWatcherAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                // The broker is still down; try again shortly.
            }
        }
    }

    private void StopWatching()
    {
        _watching?.Cancel();
        _watcher?.Dispose();
        _watching?.Dispose();
    }
}
