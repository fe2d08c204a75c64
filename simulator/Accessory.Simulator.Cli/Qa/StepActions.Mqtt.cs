using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>The MQTT step: a fresh subscriber checks the retained message of a topic.</summary>
internal sealed partial class StepActions
{
    private async Task MqttAsync(StepSpec step, CancellationToken cancel)
    {
        string topic = step.Topic!.StartsWith("accessory/", StringComparison.Ordinal) ? step.Topic : $"accessory/{Sim.Identity.DeviceId}/{step.Topic}";
        string? last = null;
        string? error = null;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                // A fresh subscription gets the retained message: what a cloud or app sees when it looks now.
                using var client = new MqttClientFactory().CreateMqttClient();
                var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                client.ApplicationMessageReceivedAsync += e =>
                {
                    string payload = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
                    Wire($"mqtt < {e.ApplicationMessage.Topic} {(e.ApplicationMessage.Retain ? "(retained) " : "")}{payload}");
                    got.TrySetResult(payload);
                    return Task.CompletedTask;
                };
                try
                {
                    var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", target.BrokerPort ?? 0).WithClientId("qa-" + Guid.NewGuid().ToString("N")[..8]).WithCredentials(target.Simulated?.BrokerLogin?.Username, target.Simulated?.BrokerLogin?.Password).Build();
                    await client.ConnectAsync(options, cancel).ConfigureAwait(false);
                    await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancel).ConfigureAwait(false);
                    last = await got.Task.WaitAsync(TimeSpan.FromMilliseconds(500), cancel).ConfigureAwait(false);
                    if (last.Contains(step.ExpectPayload!, StringComparison.Ordinal))
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or TimeoutException or InvalidOperationException)
                {
                    error = e.Message;
                }

                await Task.Delay(100, cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new StepFailedException(
            $"MQTT {topic} did not carry the expected payload in time",
            $"{topic} containing \"{step.ExpectPayload}\"",
            last != null ? $"{topic} = \"{last}\"" : error != null ? "broker: " + error : "no retained message");
    }
}
