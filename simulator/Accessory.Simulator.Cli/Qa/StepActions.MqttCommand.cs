using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>The mqtt_command step: the cloud sends a command and waits for the device's result, as a backend does.</summary>
internal sealed partial class StepActions
{
    private async Task MqttCommandAsync(StepSpec step, CancellationToken cancel)
    {
        string root = $"accessory/{Sim.Identity.DeviceId}/cmd/{step.Topic}";
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            string payload = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
            Wire($"mqtt < {e.ApplicationMessage.Topic} {payload}");
            result.TrySetResult(payload);
            return Task.CompletedTask;
        };
        try
        {
            var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", target.BrokerPort ?? 0).WithClientId("qa-cloud-" + Guid.NewGuid().ToString("N")[..8]).WithCredentials(target.Simulated?.BrokerLogin?.Username, target.Simulated?.BrokerLogin?.Password).Build();
            await client.ConnectAsync(options, cancel).ConfigureAwait(false);
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(root + "/result", MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancel).ConfigureAwait(false);
            var message = new MqttApplicationMessageBuilder().WithTopic(root).WithPayload(step.Body ?? "{}").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            Wire($"mqtt > {root} {step.Body ?? "{}"}");
            await client.PublishAsync(message, cancel).ConfigureAwait(false);
            string answer = await result.Task.WaitAsync(cancel).ConfigureAwait(false);
            if (!answer.Contains(step.ExpectPayload!, StringComparison.Ordinal))
            {
                throw new StepFailedException($"command {step.Topic} answered differently", $"{root}/result containing \"{step.ExpectPayload}\"", answer);
            }
        }
        catch (OperationCanceledException)
        {
            throw new StepFailedException($"command {step.Topic} got no result in time", $"{root}/result containing \"{step.ExpectPayload}\"", "no result");
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException e)
        {
            throw new StepFailedException($"the broker is not reachable: {e.Message}", "a connected cloud client", e.Message);
        }
    }
}
