using System.Collections.Concurrent;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>Turns an <see cref="MqttNetLink"/>'s events into queues a test can wait on (bounded waits, no sleeps).</summary>
internal sealed class LinkProbe : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly BlockingCollection<(bool Connected, string Reason)> _changes = new();
    private readonly BlockingCollection<(string Topic, byte[] Payload)> _messages = new();

    public LinkProbe(MqttNetLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        Link = link;
        link.ConnectionChanged += (connected, reason) => _changes.Add((connected, reason));
        link.MessageReceived += (topic, payload) => _messages.Add((topic, payload));
    }

    public MqttNetLink Link { get; }

    public (bool Connected, string Reason) NextChange()
    {
        Assert.True(_changes.TryTake(out var change, Timeout), "no ConnectionChanged within the timeout");
        return change;
    }

    public (string Topic, byte[] Payload) NextMessage()
    {
        Assert.True(_messages.TryTake(out var message, Timeout), "no message within the timeout");
        return message;
    }

    public bool PublishAndWait(string topic, byte[] payload, int qos, bool retain)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Link.Publish(topic, payload, qos, retain, delivered => done.TrySetResult(delivered));
        Assert.True(done.Task.Wait(Timeout), "publish completion never reported");
        return done.Task.Result;
    }

    public void Dispose()
    {
        Link.Dispose();
        _changes.Dispose();
        _messages.Dispose();
    }
}
