using System.Text;
using Accessory.Core.Ports;
using Accessory.Simulator.Mqtt;

// Usage: <broker-uri> <client-id> <status-topic>. Connects with Last Will "offline" (retained), publishes
// "online" (retained, QoS 1), prints "ready" once the broker acknowledged it, then waits to be killed.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Accessory.MqttWillClient <broker-uri> <client-id> <status-topic>");
    return 2;
}

using var link = new MqttNetLink(BrokerUri.Parse(args[0]));
var connected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
link.ConnectionChanged += (up, _) => connected.TrySetResult(up);
link.Connect(new MqttSessionOptions(args[1], 30, true, args[2], Encoding.UTF8.GetBytes("offline"), true));
if (!await connected.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false))
{
    Console.WriteLine("connect-failed");
    return 1;
}

var acked = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
link.Publish(args[2], Encoding.UTF8.GetBytes("online"), 1, true, delivered => acked.TrySetResult(delivered));
if (!await acked.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false))
{
    Console.WriteLine("publish-failed");
    return 1;
}

Console.WriteLine("ready");
await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
return 0;
